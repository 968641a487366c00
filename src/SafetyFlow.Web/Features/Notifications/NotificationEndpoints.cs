using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Notifications;

public sealed record NotificationView(Guid Id, DateTimeOffset At, string Kind, Guid? FindingId, string Text, bool Read);

/// <param name="Mine">Accepted for the contract's <c>mine=true</c>; the list is always the caller's own.</param>
/// <param name="Unread">Only unread ones.</param>
/// <param name="Limit">At most this many, newest first (1 to 1000, default 200).</param>
public sealed record NotificationQuery(bool? Mine, bool? Unread, int? Limit);

internal static class ReadNotifications
{
    /// <summary>The caller's own notifications: they are personal, so <c>mine=true</c> is what every call gets.</summary>
    public static async Task<Results<Ok<NotificationView[]>, ValidationProblem>> List(
        [AsParameters] NotificationQuery query,
        int? limit,
        HttpContext context,
        SafetyFlowDbContext db,
        ViewerFactory viewers,
        CancellationToken cancellationToken)
    {
        if (query.Limit is < 1 or > 1000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["Use 1 to 1000."] });
        }

        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var notifications = db.Notifications.AsNoTracking().Where(n => n.RecipientId == viewer.UserId);
        if (query.Unread == true)
        {
            notifications = notifications.Where(n => !n.Read);
        }

        var list = await notifications
            .OrderByDescending(n => n.At)
            .ThenByDescending(n => n.Id)
            .Take(query.Limit ?? 200)
            .Select(n => new NotificationView(n.Id, n.At, n.Kind, n.FindingId, n.Text, n.Read))
            .ToArrayAsync(cancellationToken);
        return TypedResults.Ok(list);
    }

    public static async Task<Results<NoContent, NotFound>> MarkRead(
        Guid id,
        HttpContext context,
        SafetyFlowDbContext db,
        ViewerFactory viewers,
        CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == id && n.RecipientId == viewer.UserId, cancellationToken);
        if (notification is null)
        {
            return TypedResults.NotFound();
        }

        notification.MarkRead();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}

public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization();
        group.MapGet("/", ReadNotifications.List).WithName("ListNotifications").WithSummary("The caller's notifications, newest first.");
        group.MapPost("/{id:guid}/read", ReadNotifications.MarkRead).WithName("MarkNotificationRead").WithSummary("Marks one notification read.");
        return app;
    }
}
