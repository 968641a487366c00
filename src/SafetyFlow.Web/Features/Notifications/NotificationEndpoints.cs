using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Notifications;

public sealed record NotificationView(Guid Id, DateTimeOffset At, string Kind, Guid? FindingId, string Text, bool Read);

internal static class ReadNotifications
{
    public static async Task<Results<Ok<NotificationView[]>, ValidationProblem>> List(
        bool? mine,
        bool? unread,
        int? limit,
        HttpContext context,
        SafetyFlowDbContext db,
        ViewerFactory viewers,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["Use 1 to 1000."] });
        }

        // Notifications are personal: the list is always the caller's own, whatever 'mine' says.
        _ = mine;
        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var query = db.Notifications.AsNoTracking().Where(n => n.RecipientId == viewer.UserId);
        if (unread == true)
        {
            query = query.Where(n => !n.Read);
        }

        var list = await query
            .OrderByDescending(n => n.At)
            .ThenByDescending(n => n.Id)
            .Take(limit ?? 200)
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
