using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>The viewer's own findings: open ones soonest deadline first, and the latest closed ones.</summary>
public sealed record OwnFindings(IReadOnlyList<FindingView> Open, IReadOnlyList<FindingView> Closed);

/// <summary>What the owner has to fix; it takes no input and cannot be refused, so it answers the lists directly.</summary>
public sealed class MyFindings(FindingReader reader)
{
    public const int ClosedShown = 20;

    public async Task<OwnFindings> HandleAsync(Viewer viewer, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var open = await reader.ShapeAsync(Open(viewer), viewer, language, cancellationToken);
        var closed = await reader.ShapeAsync(Closed(viewer), viewer, language, cancellationToken);
        return new OwnFindings(open, closed);
    }

    /// <summary>
    /// The open ones, soonest deadline first: read through the owner's index and sorted. In due order through the index
    /// on (closed, due), SQLite walked every open finding of the group to find one owner's (170 ms at a million findings,
    /// 77,903 open, against 7 ms).
    /// </summary>
    public IQueryable<Finding> Open(Viewer viewer) => FindingOrder.DueSorted(Mine(viewer).Where(f => f.ClosedAt == null));

    /// <summary>The latest closed ones.</summary>
    public IQueryable<Finding> Closed(Viewer viewer) =>
        Mine(viewer).Where(f => f.ClosedAt != null).OrderByDescending(f => f.ClosedAt).ThenByDescending(f => f.Id).Take(ClosedShown);

    private IQueryable<Finding> Mine(Viewer viewer) => reader.Visible(viewer).Where(f => f.OwnerId == viewer.UserId);
}
