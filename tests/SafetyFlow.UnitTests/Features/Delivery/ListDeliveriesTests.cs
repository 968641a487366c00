using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Delivery;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.UnitTests.Features.Delivery;

/// <summary>The admin's list of deliveries as a use case, without HTTP.</summary>
public sealed class ListDeliveriesTests : IAsyncLifetime
{
    private TwoUnitOrganisation _org = null!;

    public async Task InitializeAsync()
    {
        // Field paths as the app names them.
        ValidationExtensions.UseCamelCasePropertyNames();
        _org = await TwoUnitOrganisation.CreateAsync();
        var now = _org.Clock.GetUtcNow();
        var notification = new Notification { RecipientId = People.Owner.UserId, At = now, Kind = "finding.assigned", Text = "A finding is yours" };
        var message = new OutboxMessage { NotificationId = notification.Id, CreatedAt = now };
        _org.Db.Notifications.Add(notification);
        _org.Db.Outbox.Add(message);
        _org.Db.Deliveries.Add(SafetyFlow.Web.Domain.Delivery.For(message, notification.Id, DeliveryChannel.Email, "owner@example.test", $"{message.Id}:email", now));
        await _org.Db.SaveChangesAsync();
        _org.Db.ChangeTracker.Clear();
    }

    public async Task DisposeAsync() => await _org.DisposeAsync();

    [Fact]
    public async Task Deliveries_are_listed_by_a_status_it_knows_and_refused_by_field_otherwise()
    {
        var list = new ListDeliveries(new ListDeliveriesRequestValidator(), _org.Db);

        var failed = await list.HandleAsync(new ListDeliveriesRequest("failed", 10), CancellationToken.None);
        var pending = await list.HandleAsync(new ListDeliveriesRequest("Pending", null), CancellationToken.None);
        var refused = await list.HandleAsync(new ListDeliveriesRequest("2", 0), CancellationToken.None);

        Assert.Empty(failed.Value);
        var delivery = Assert.Single(pending.Value);
        Assert.Equal(("email", "pending", "finding.assigned", "owner-kitchen"), (delivery.Channel, delivery.Status, delivery.Kind, delivery.Recipient));
        var invalid = Assert.IsType<Failure.Invalid>(refused.Failure);
        Assert.Equal(["limit", "status"], invalid.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
