using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>One finding, as the viewer may see it.</summary>
public sealed record GetFindingRequest(Guid FindingId, Viewer Viewer, string Language);

/// <summary>One finding with its history and what the viewer may do now; not found when the viewer may not see it.</summary>
public sealed class GetFinding(FindingReader reader)
{
    public async Task<Result<FindingView>> HandleAsync(GetFindingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await reader.ShapeAsync(reader.Visible(request.Viewer).Where(f => f.Id == request.FindingId), request.Viewer, request.Language, cancellationToken);
        return found.Count == 0 ? new Failure.NotFound() : found[0];
    }
}
