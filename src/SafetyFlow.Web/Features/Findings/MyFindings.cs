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
        var mine = reader.Visible(viewer).Where(f => f.OwnerId == viewer.UserId);
        var open = await reader.ShapeAsync(mine.Where(f => f.ClosedAt == null).OrderBy(f => f.DueAt), viewer, language, cancellationToken);
        var closed = await reader.ShapeAsync(mine.Where(f => f.ClosedAt != null).OrderByDescending(f => f.ClosedAt).Take(ClosedShown), viewer, language, cancellationToken);
        return new OwnFindings(open, closed);
    }
}
