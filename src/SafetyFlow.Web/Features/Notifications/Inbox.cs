using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Notifications;

/// <summary>
/// The inbox in the pages: the unread count in the top bar, and marking read what the person has opened (a finding's
/// notifications when they open the finding) or all at once.
/// </summary>
public sealed class Inbox(SafetyFlowDbContext db)
{
    /// <summary>The most unread notifications the top bar counts; beyond it, it shows this number and a plus.</summary>
    public const int BadgeLimit = 99;

    /// <summary>
    /// The signed-in person's unread notifications, counted up to one more than <see cref="BadgeLimit"/>; 0 for anyone
    /// else. Every page asks, and the safety office gathers hundreds of thousands of notifications over the years:
    /// counted whole, each page of theirs took a second.
    /// </summary>
    public async Task<int> UnreadAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return Guid.TryParse(principal.FindFirstValue(TokenClaims.Subject), out var userId)
            ? await Unread(db, userId).Take(BadgeLimit + 1).CountAsync(cancellationToken)
            : 0;
    }

    /// <summary>The count as the top bar shows it: "99+" beyond <see cref="BadgeLimit"/>.</summary>
    public static string Badge(int unread) =>
        unread > BadgeLimit ? $"{BadgeLimit}+" : unread.ToString(CultureInfo.InvariantCulture);

    /// <summary>A person's unread notifications about one finding, read through the finding's notifications to that person.</summary>
    internal static IQueryable<Notification> UnreadAbout(SafetyFlowDbContext db, Guid userId, Guid findingId) =>
        db.Notifications.Where(n => n.FindingId == findingId && n.RecipientId == userId && !n.Read);

    /// <summary>A person's unread notifications, read through the index of the unread ones alone.</summary>
    internal static IQueryable<Notification> Unread(SafetyFlowDbContext db, Guid userId) =>
        db.Notifications.Where(n => n.RecipientId == userId && !n.Read);

    /// <summary>Marks read the viewer's notifications about one finding, as they open it.</summary>
    public Task<int> OpenedFindingAsync(Viewer viewer, Guid findingId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return UnreadAbout(db, viewer.UserId, findingId)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.Read, true), cancellationToken);
    }

    public Task<int> MarkAllReadAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return Unread(db, viewer.UserId)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.Read, true), cancellationToken);
    }
}
