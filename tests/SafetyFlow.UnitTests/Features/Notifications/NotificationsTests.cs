using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Delivery;
using SafetyFlow.Web.Features.Notifications;
using SafetyFlow.Web.Features.Profile;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.UnitTests.Features.Notifications;

/// <summary>A person's own notifications and message settings as use cases, without HTTP.</summary>
public sealed class NotificationsTests : IAsyncLifetime
{
    private static readonly Viewer Owner = new(People.Owner.UserId, People.Owner.UserName, new HashSet<Role> { Role.Owner }, new HashSet<Guid>());
    private static readonly Viewer Member = new(People.Member.UserId, People.Member.UserName, new HashSet<Role> { Role.Member }, new HashSet<Guid>());

    private readonly IOptions<WebhookOptions> _webhooks = Options.Create(new WebhookOptions { Webhooks = [new WebhookEndpoint { Name = "canteen-group" }] });
    private TwoUnitOrganisation _org = null!;
    private Notification _older = null!;
    private Notification _newer = null!;

    public async Task InitializeAsync()
    {
        // Field paths as the app names them.
        ValidationExtensions.UseCamelCasePropertyNames();
        _org = await TwoUnitOrganisation.CreateAsync();
        var now = _org.Clock.GetUtcNow();
        _older = new Notification { RecipientId = Owner.UserId, At = now.AddHours(-2), Kind = "finding.assigned", Text = "A finding is yours" };
        _newer = new Notification { RecipientId = Owner.UserId, At = now.AddHours(-1), Kind = "finding.reminder", Text = "Due tomorrow" };
        _org.Db.Notifications.AddRange(_older, _newer, new Notification { RecipientId = Member.UserId, At = now, Kind = "fix.rejected", Text = "Not for the owner" });
        await _org.Db.SaveChangesAsync();
        _org.Db.ChangeTracker.Clear();
    }

    public async Task DisposeAsync() => await _org.DisposeAsync();

    [Fact]
    public async Task A_person_is_listed_their_own_notifications_newest_first_and_one_marked_read_drops_from_the_unread()
    {
        var all = await ListAsync(new ListNotificationsRequest(null, null, Owner));
        var read = await new MarkNotificationRead(_org.Db).HandleAsync(new MarkNotificationReadRequest(_newer.Id, Owner), CancellationToken.None);
        var unread = await ListAsync(new ListNotificationsRequest(true, null, Owner));

        Assert.Equal([_newer.Id, _older.Id], all.Value.Select(n => n.Id));
        Assert.True(read.Value.Read);
        Assert.Equal([_older.Id], unread.Value.Select(n => n.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task A_limit_out_of_range_is_refused_under_limit(int limit)
    {
        var invalid = Assert.IsType<Failure.Invalid>((await ListAsync(new ListNotificationsRequest(null, limit, Owner))).Failure);

        Assert.Equal("Use 1 to 1000.", Assert.Single(invalid.Errors["limit"]));
    }

    [Fact]
    public async Task Someone_elses_notification_is_not_found_and_stays_unread()
    {
        var result = await new MarkNotificationRead(_org.Db).HandleAsync(new MarkNotificationReadRequest(_newer.Id, Member), CancellationToken.None);

        Assert.IsType<Failure.NotFound>(result.Failure);
        Assert.False((await _org.Db.Notifications.SingleAsync(n => n.Id == _newer.Id)).Read);
    }

    [Fact]
    public async Task Preferences_are_stored_with_the_webhook_as_configured_and_read_back()
    {
        var update = new UpdatePreferences(new PreferencesRequestValidator(_webhooks), _org.Db, _webhooks);

        var updated = await update.HandleAsync(new UpdatePreferencesRequest(new PreferencesRequest("en", false, "CANTEEN-GROUP"), Owner), CancellationToken.None);
        _org.Db.ChangeTracker.Clear();
        var read = await new ReadPreferences(_org.Db, _webhooks).HandleAsync(new ReadPreferencesRequest(Owner), CancellationToken.None);

        Assert.Equal(("en", false, "canteen-group"), (updated.Value.Language, updated.Value.NotifyByEmail, updated.Value.Webhook));
        Assert.Equal(updated.Value.Webhook, read.Value.Webhook);
        Assert.Equal(["canteen-group"], read.Value.Webhooks);
    }

    [Fact]
    public async Task Preferences_it_cannot_use_are_refused_by_field_and_an_unknown_person_is_not_found()
    {
        var update = new UpdatePreferences(new PreferencesRequestValidator(_webhooks), _org.Db, _webhooks);
        var stranger = new Viewer(Guid.NewGuid(), "gone", new HashSet<Role> { Role.Member }, new HashSet<Guid>());

        var refused = await update.HandleAsync(new UpdatePreferencesRequest(new PreferencesRequest("fr", true, "kitchen-robot"), Owner), CancellationToken.None);
        var unknown = await new ReadPreferences(_org.Db, _webhooks).HandleAsync(new ReadPreferencesRequest(stranger), CancellationToken.None);

        var invalid = Assert.IsType<Failure.Invalid>(refused.Failure);
        Assert.Equal(["language", "webhook"], invalid.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("configured: canteen-group", Assert.Single(invalid.Errors["webhook"]), StringComparison.Ordinal);
        Assert.IsType<Failure.NotFound>(unknown.Failure);
    }

    private Task<Result<NotificationView[]>> ListAsync(ListNotificationsRequest request) =>
        new ListNotifications(new ListNotificationsRequestValidator(), _org.Db).HandleAsync(request, CancellationToken.None);
}
