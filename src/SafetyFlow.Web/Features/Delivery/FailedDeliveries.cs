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

/// <summary>What admins see of deliveries, failed ones above all, and how they send a failed one again.</summary>
internal static class FailedDeliveries
{
    public static async Task<Results<Ok<DeliveryView[]>, ValidationProblem>> List(
        string? status,
        int? limit,
        SafetyFlowDbContext db,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        DeliveryStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _))
            {
                wanted = parsed;
            }
            else
            {
                errors.Add("status", "Use pending, sent or failed.");
            }
        }

        if (limit is < 1 or > 1000)
        {
            errors.Add("limit", "Use 1 to 1000.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var query = db.Deliveries.AsNoTracking();
        if (wanted is { } s)
        {
            query = query.Where(d => d.Status == s);
        }

        var list = await View(db, query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(limit ?? 200))
            .ToArrayAsync(cancellationToken);
        return TypedResults.Ok(list);
    }

    public static async Task<Results<Ok<DeliveryView>, NotFound>> Resend(
        Guid id,
        SafetyFlowDbContext db,
        TimeProvider clock,
        OutboxDrain drain,
        CancellationToken cancellationToken)
    {
        var delivery = await db.Deliveries.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (delivery is null)
        {
            return TypedResults.NotFound();
        }

        delivery.Resend(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);

        // One attempt now, so the admin sees at once whether it went through; further ones follow the usual backoff.
        await drain.AttemptNowAsync(id, cancellationToken);
        return TypedResults.Ok(await View(db, db.Deliveries.AsNoTracking().Where(d => d.Id == id)).SingleAsync(cancellationToken));
    }

    private static IQueryable<DeliveryView> View(SafetyFlowDbContext db, IQueryable<Domain.Delivery> deliveries) =>
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

public static class DeliveryEndpoints
{
    public static IEndpointRouteBuilder MapDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/deliveries").WithTags("Deliveries").RequireAuthorization(Policies.Admin);
        group.MapGet("/", FailedDeliveries.List).WithName("ListDeliveries")
            .WithSummary("Email and webhook deliveries, newest first; status=failed lists the ones that ran out of attempts.");
        group.MapPost("/{id:guid}/resend", FailedDeliveries.Resend).WithName("ResendDelivery")
            .WithSummary("Sends a failed delivery again now, with a fresh round of attempts; answers with the outcome of the first.");
        return app;
    }
}
