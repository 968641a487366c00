using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Features.Zones;

/// <summary>The history question: the zone with this key, as the viewer may see it.</summary>
public sealed record ZoneRatingHistoryRequest(string Zone, Viewer Viewer);

/// <summary>A zone's stored monthly ratings, oldest first; a zone outside the viewer's units is not found, as its findings are.</summary>
public sealed class ZoneRatingHistory(ZoneRater rater)
{
    public async Task<Result<ZoneRatingView[]>> HandleAsync(ZoneRatingHistoryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var history = await rater.HistoryAsync(request.Zone, request.Viewer, cancellationToken);
        return history is null ? new Failure.NotFound() : history.Select(ZoneRatings.View).ToArray();
    }

    /// <summary>The stored months of every zone the viewer answers for, by zone key.</summary>
    public async Task<IReadOnlyDictionary<string, ZoneRatingView[]>> AllAsync(Viewer viewer, CancellationToken cancellationToken) =>
        (await rater.HistoriesAsync(viewer, cancellationToken))
            .ToDictionary(h => h.Key, h => h.Value.Select(ZoneRatings.View).ToArray(), StringComparer.Ordinal);
}

/// <summary>The endpoint over <see cref="ZoneRatingHistory"/>.</summary>
internal static class ZoneRatingHistoryEndpoint
{
    public static async Task<Results<Ok<ZoneRatingView[]>, FailureHttpResult>> Handle(
        string key, ClaimsPrincipal user, ViewerFactory viewers, ZoneRatingHistory history, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(user, cancellationToken);
        var result = await history.HandleAsync(new ZoneRatingHistoryRequest(key, viewer), cancellationToken);
        return result.ToHttp(views => TypedResults.Ok(views));
    }
}
