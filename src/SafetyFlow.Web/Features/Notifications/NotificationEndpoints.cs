using System.Security.Claims;
using FluentValidation;
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

/// <summary>The viewer's own notifications: they are personal, so <c>mine=true</c> is what every request gets.</summary>
public sealed record ListNotificationsRequest(bool? Unread, int? Limit, Viewer Viewer);

internal sealed class ListNotificationsRequestValidator : AbstractValidator<ListNotificationsRequest>
{
    public ListNotificationsRequestValidator()
    {
        RuleFor(r => r.Limit).InclusiveBetween(1, 1000).WithMessage("Use 1 to 1000.").OverridePropertyName("limit");
    }
}

/// <summary>The viewer's notifications, newest first.</summary>
public sealed class ListNotifications(IValidator<ListNotificationsRequest> validator, SafetyFlowDbContext db)
{
    public async Task<Result<NotificationView[]>> HandleAsync(ListNotificationsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var notifications = db.Notifications.AsNoTracking().Where(n => n.RecipientId == request.Viewer.UserId);
        if (request.Unread == true)
        {
            notifications = notifications.Where(n => !n.Read);
        }

        return await notifications
            .OrderByDescending(n => n.At)
            .ThenByDescending(n => n.Id)
            .Take(request.Limit ?? 200)
            .Select(n => new NotificationView(n.Id, n.At, n.Kind, n.FindingId, n.Text, n.Read))
            .ToArrayAsync(cancellationToken);
    }
}

/// <summary>One of the viewer's notifications, to mark read; anyone else's is not found.</summary>
public sealed record MarkNotificationReadRequest(Guid Id, Viewer Viewer);

/// <summary>Marks one of the viewer's notifications read and answers it as it now is.</summary>
public sealed class MarkNotificationRead(SafetyFlowDbContext db)
{
    public async Task<Result<NotificationView>> HandleAsync(MarkNotificationReadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == request.Id && n.RecipientId == request.Viewer.UserId, cancellationToken);
        if (notification is null)
        {
            return new Failure.NotFound();
        }

        notification.MarkRead();
        await db.SaveChangesAsync(cancellationToken);
        return new NotificationView(notification.Id, notification.At, notification.Kind, notification.FindingId, notification.Text, notification.Read);
    }
}

/// <summary>The endpoints over <see cref="ListNotifications"/> and <see cref="MarkNotificationRead"/>.</summary>
internal static class NotificationEndpoint
{
    public static async Task<Results<Ok<NotificationView[]>, FailureHttpResult>> List(
        [AsParameters] NotificationQuery query,
        int? limit,
        ClaimsPrincipal user,
        ViewerFactory viewers,
        ListNotifications notifications,
        CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(user, cancellationToken);
        var result = await notifications.HandleAsync(new ListNotificationsRequest(query.Unread, query.Limit, viewer), cancellationToken);
        return result.ToHttp(list => TypedResults.Ok(list));
    }

    public static async Task<Results<NoContent, FailureHttpResult>> MarkRead(
        Guid id, ClaimsPrincipal user, ViewerFactory viewers, MarkNotificationRead markRead, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(user, cancellationToken);
        var result = await markRead.HandleAsync(new MarkNotificationReadRequest(id, viewer), cancellationToken);
        return result.ToHttp(_ => TypedResults.NoContent());
    }
}

public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization();
        group.MapGet("/", NotificationEndpoint.List)
            .ProducesValidationProblem()
            .WithName("ListNotifications")
            .WithSummary("The caller's notifications, newest first.");
        group.MapPost("/{id:guid}/read", NotificationEndpoint.MarkRead)
            .Produces(StatusCodes.Status404NotFound)
            .WithName("MarkNotificationRead")
            .WithSummary("Marks one notification read.");
        return app;
    }
}

public static class NotificationComposition
{
    /// <summary>The caller's own notifications and message settings (<c>/api/notifications</c>, <c>/api/me/preferences</c>).</summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<ListNotifications>();
        builder.Services.AddScoped<MarkNotificationRead>();
        builder.Services.AddScoped<Inbox>();
        builder.Services.AddScoped<Profile.ReadPreferences>();
        builder.Services.AddScoped<Profile.UpdatePreferences>();
        return builder;
    }
}
