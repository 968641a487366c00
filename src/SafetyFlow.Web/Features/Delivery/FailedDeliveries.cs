using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Delivery;

public sealed record DeliveryView(
    Guid Id,
    string Channel,
    string Target,
    string Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    string IdempotencyKey,
    string Kind,
    string? Recipient,
    Guid? FindingId);

/// <summary>Deliveries with this status (<c>pending</c>, <c>sent</c>, <c>failed</c>; all when left out), at most <paramref name="Limit"/>, newest first.</summary>
public sealed record ListDeliveriesRequest(string? Status, int? Limit);

internal sealed class ListDeliveriesRequestValidator : AbstractValidator<ListDeliveriesRequest>
{
    public ListDeliveriesRequestValidator()
    {
        RuleFor(r => r.Status)
            .Must(s => string.IsNullOrEmpty(s) || DeliveryViews.Status(s) is not null)
            .WithMessage("Use pending, sent or failed.")
            .OverridePropertyName("status");
        RuleFor(r => r.Limit).InclusiveBetween(1, 1000).WithMessage("Use 1 to 1000.").OverridePropertyName("limit");
    }
}

/// <summary>What admins see of deliveries, failed ones above all.</summary>
public sealed class ListDeliveries(IValidator<ListDeliveriesRequest> validator, SafetyFlowDbContext db)
{
    public async Task<Result<DeliveryView[]>> HandleAsync(ListDeliveriesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var query = db.Deliveries.AsNoTracking();
        if (DeliveryViews.Status(request.Status) is { } wanted)
        {
            query = query.Where(d => d.Status == wanted);
        }

        return await DeliveryViews.Of(db, query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(request.Limit ?? 200))
            .ToArrayAsync(cancellationToken);
    }
}

/// <summary>The failed delivery to send again.</summary>
public sealed record ResendDeliveryRequest(Guid Id);

/// <summary>
/// Sends a failed delivery again now, with a fresh round of attempts, and answers it as it stands after the first;
/// a delivery that has not failed is a conflict.
/// </summary>
public sealed class ResendDelivery(SafetyFlowDbContext db, TimeProvider clock, OutboxDrain drain)
{
    public async Task<Result<DeliveryView>> HandleAsync(ResendDeliveryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var delivery = await db.Deliveries.SingleOrDefaultAsync(d => d.Id == request.Id, cancellationToken);
        if (delivery is null)
        {
            return new Failure.NotFound();
        }

        try
        {
            delivery.Resend(clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return new Failure.Conflict("Not allowed in the current state", e.Message);
        }

        await db.SaveChangesAsync(cancellationToken);

        // One attempt now, so the admin sees at once whether it went through; further ones follow the usual backoff.
        await drain.AttemptNowAsync(request.Id, cancellationToken);
        return await DeliveryViews.Of(db, db.Deliveries.AsNoTracking().Where(d => d.Id == request.Id)).SingleAsync(cancellationToken);
    }
}

internal static class DeliveryViews
{
    /// <summary>The status named in the query, or null for none or an unknown one (numbers included).</summary>
    public static DeliveryStatus? Status(string? status) =>
        !string.IsNullOrEmpty(status) && Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _)
            ? parsed
            : null;

    public static IQueryable<DeliveryView> Of(SafetyFlowDbContext db, IQueryable<Domain.Delivery> deliveries) =>
        from d in deliveries
        join n in db.Notifications on d.NotificationId equals n.Id
        join u in db.Users on n.RecipientId equals u.Id into recipients
        from u in recipients.DefaultIfEmpty()
        select new DeliveryView(
            d.Id,
            d.Channel == DeliveryChannel.Email ? "email" : "webhook",
            d.Target,
            d.Status == DeliveryStatus.Pending ? "pending" : d.Status == DeliveryStatus.Sent ? "sent" : "failed",
            d.Attempts,
            d.NextAttemptAt,
            d.LastError,
            d.CreatedAt,
            d.SentAt,
            d.IdempotencyKey,
            n.Kind,
            u == null ? null : u.UserName,
            n.FindingId);
}

/// <summary>The endpoints over <see cref="ListDeliveries"/> and <see cref="ResendDelivery"/>.</summary>
internal static class DeliveryEndpoint
{
    public static async Task<Results<Ok<DeliveryView[]>, FailureHttpResult>> List(string? status, int? limit, ListDeliveries deliveries, CancellationToken cancellationToken) =>
        (await deliveries.HandleAsync(new ListDeliveriesRequest(status, limit), cancellationToken)).ToHttp(list => TypedResults.Ok(list));

    public static async Task<Results<Ok<DeliveryView>, FailureHttpResult>> Resend(Guid id, ResendDelivery resend, CancellationToken cancellationToken) =>
        (await resend.HandleAsync(new ResendDeliveryRequest(id), cancellationToken)).ToHttp(view => TypedResults.Ok(view));
}

public static class DeliveryEndpoints
{
    public static IEndpointRouteBuilder MapDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/deliveries").WithTags("Deliveries").RequireAuthorization(Policies.Admin);
        group.MapGet("/", DeliveryEndpoint.List).ProducesValidationProblem().WithName("ListDeliveries")
            .WithSummary("Email and webhook deliveries, newest first; status=failed lists the ones that ran out of attempts.");
        group.MapPost("/{id:guid}/resend", DeliveryEndpoint.Resend)
            .Produces(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ResendDelivery")
            .WithSummary("Sends a failed delivery again now, with a fresh round of attempts; answers with the outcome of the first.");
        return app;
    }
}
