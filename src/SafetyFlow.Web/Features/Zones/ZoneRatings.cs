using System.Globalization;
using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Zones;

/// <summary>A zone's monthly rating; <see cref="Stored"/> is false while the month is rated on the fly.</summary>
public sealed record ZoneRatingView(string Zone, string ZoneName, string Month, int Stars, decimal Score, RatingComponents Components, bool Stored);

/// <summary>The stars question: a <c>yyyy-MM</c> month (default: the current one) of the zones the viewer answers for.</summary>
public sealed record ZoneRatingsRequest(string? Month, Viewer Viewer);

internal sealed class ZoneRatingsRequestValidator : AbstractValidator<ZoneRatingsRequest>
{
    public ZoneRatingsRequestValidator(WorkCalendar calendar, TimeProvider clock) => this.RuleForMonth(r => r.Month, calendar, clock);
}

/// <summary>The rating of every zone the viewer answers for, for the month: stored when the monthly job has stored it, computed now otherwise.</summary>
public sealed class ZoneRatings(IValidator<ZoneRatingsRequest> validator, ZoneRater rater, WorkCalendar calendar, TimeProvider clock)
{
    public async Task<Result<ZoneRatingView[]>> HandleAsync(ZoneRatingsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var (key, _, _) = ReportPeriod.Month(request.Month, calendar, clock.GetUtcNow());
        var ratings = await rater.RatingsAsync(FirstOfMonth(key), request.Viewer, cancellationToken);
        return ratings.Select(View).ToArray();
    }

    internal static ZoneRatingView View(ZoneMonthRating r) =>
        new(r.Zone, r.ZoneName, r.Month, r.Rating.Stars, r.Rating.Score, r.Rating.Components, r.Stored);

    internal static DateOnly FirstOfMonth(string key) => DateOnly.ParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The endpoint over <see cref="ZoneRatings"/>.</summary>
internal static class ZoneRatingsEndpoint
{
    public static async Task<Results<Ok<ZoneRatingView[]>, FailureHttpResult>> Handle(
        string? month, ClaimsPrincipal user, ViewerFactory viewers, ZoneRatings ratings, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(user, cancellationToken);
        var result = await ratings.HandleAsync(new ZoneRatingsRequest(month, viewer), cancellationToken);
        return result.ToHttp(views => TypedResults.Ok(views));
    }
}
