using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Notifications;

/// <summary>
/// The inbox in the pages: the unread count in the top bar, and marking read what the person has opened (a finding's
/// notifications when they open the finding) or all at once.
/// </summary>
public sealed class Inbox(SafetyFlowDbContext db)
{
    /// <summary>The signed-in person's unread notifications; 0 for anyone else.</summary>
    public async Task<int> UnreadAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return Guid.TryParse(principal.FindFirstValue(TokenClaims.Subject), out var userId)
            ? await db.Notifications.CountAsync(n => n.RecipientId == userId && !n.Read, cancellationToken)
            : 0;
    }

    /// <summary>Marks read the viewer's notifications about one finding, as they open it.</summary>
    public Task<int> OpenedFindingAsync(Viewer viewer, Guid findingId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return db.Notifications
            .Where(n => n.RecipientId == viewer.UserId && n.FindingId == findingId && !n.Read)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.Read, true), cancellationToken);
    }

    public Task<int> MarkAllReadAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return db.Notifications
            .Where(n => n.RecipientId == viewer.UserId && !n.Read)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.Read, true), cancellationToken);
    }
}
