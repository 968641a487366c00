using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Notifications;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Notifications;

/// <summary>
/// The person's notifications, newest first, through the same use case as <c>GET /api/notifications?mine=true</c>; each
/// links to its finding, whose page marks it read.
/// </summary>
public sealed class IndexModel(ListNotifications notifications, Inbox inbox, ViewerFactory viewers) : PageModel
{
    public IReadOnlyList<NotificationView> Notifications { get; private set; } = [];

    public int Unread => Notifications.Count(n => !n.Read);

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        var result = await notifications.HandleAsync(new ListNotificationsRequest(null, 200, viewer), cancellationToken);
        Notifications = result.Succeeded ? result.Value : [];
    }

    public async Task<IActionResult> OnPostReadAllAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        await inbox.MarkAllReadAsync(await viewers.ForAsync(User, cancellationToken), cancellationToken);
        return RedirectToPage();
    }
}
