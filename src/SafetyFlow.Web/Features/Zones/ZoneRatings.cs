using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Zones;

/// <summary>A zone's monthly rating; <see cref="Stored"/> is false while the month is rated on the fly.</summary>
public sealed record ZoneRatingView(string Zone, string ZoneName, string Month, int Stars, decimal Score, RatingComponents Components, bool Stored);

internal static class ZoneRatings
{
    /// <summary>The rating of every zone the caller answers for, for the month: stored when the monthly job has stored it, computed now otherwise.</summary>
    public static async Task<Results<Ok<ZoneRatingView[]>, ValidationProblem>> List(
        string? month, HttpContext context, ViewerFactory viewers, ZoneRater rater, WorkCalendar calendar, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (key, _, _) = ReportPeriod.Month(month, calendar, clock.GetUtcNow(), errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var ratings = await rater.RatingsAsync(FirstOfMonth(key), viewer, cancellationToken);
        return TypedResults.Ok(ratings.Select(View).ToArray());
    }

    /// <summary>The zone's stored monthly ratings, oldest first; a zone outside the caller's units is not found, as its findings are.</summary>
    public static async Task<Results<Ok<ZoneRatingView[]>, NotFound>> History(
        string key, HttpContext context, ViewerFactory viewers, ZoneRater rater, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var history = await rater.HistoryAsync(key, viewer, cancellationToken);
        return history is null ? TypedResults.NotFound() : TypedResults.Ok(history.Select(View).ToArray());
    }

    internal static ZoneRatingView View(ZoneMonthRating r) =>
        new(r.Zone, r.ZoneName, r.Month, r.Rating.Stars, r.Rating.Score, r.Rating.Components, r.Stored);

    internal static DateOnly FirstOfMonth(string key) => DateOnly.ParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public static class ZoneRatingEndpoints
{
    public static IEndpointRouteBuilder MapZoneRatingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/zones").WithTags("Zones").RequireAuthorization(Policies.Auditors);
        group.MapGet("/ratings", ZoneRatings.List)
            .WithName("ZoneRatings")
            .WithSummary("Stars, score and score components for a month (default: the current month, rated so far) of every zone the caller answers for: all for the safety office, their units' for supervisors.");
        group.MapGet("/{key}/ratings", ZoneRatings.History)
            .WithName("ZoneRatingHistory")
            .WithSummary("A zone's stored monthly ratings, oldest first; 404 for a zone outside the caller's units.");
        return app;
    }
}
