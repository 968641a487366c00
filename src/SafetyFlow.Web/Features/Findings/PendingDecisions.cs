using SafetyFlow.Web.Features.Photos;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>What waits for the viewer's decision: fixes to accept or reject, extension requests, and the fixes' photos.</summary>
public sealed record Decisions(
    IReadOnlyList<FindingView> Fixes,
    IReadOnlyList<FindingView> Extensions,
    IReadOnlyDictionary<Guid, FindingPhotoSet> Photos);

/// <summary>
/// The supervisor's queue: what the lifecycle lets the viewer decide now, separation of duties included. It takes no
/// input and cannot be refused, so it answers the queue directly.
/// </summary>
public sealed class PendingDecisions(FindingReader reader, FindingPhotos photos)
{
    public async Task<Decisions> HandleAsync(Viewer viewer, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var open = await reader.ShapeAsync(reader.Visible(viewer).Where(f => f.ClosedAt == null).OrderBy(f => f.DueAt), viewer, language, cancellationToken);
        var fixes = open.Where(f => f.AllowedActions.Contains(RectificationTriggers.Approve) || f.AllowedActions.Contains(RectificationTriggers.Reject)).ToList();
        var extensions = open.Where(f => f.AllowedActions.Contains(RectificationTriggers.ApproveExtension)).ToList();
        return new Decisions(fixes, extensions, await photos.ForAsync(fixes, cancellationToken));
    }
}
