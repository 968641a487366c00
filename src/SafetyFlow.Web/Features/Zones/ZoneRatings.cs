using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Zones;

/// <summary>A zone's monthly rating; <see cref="Stored"/> is false while the month is rated on the fly.</summary>
public sealed record ZoneRatingView(string Zone, string ZoneName, string Month, int Stars, decimal Score, RatingComponents Components, bool Stored);

internal static class ZoneRatings
{
    /// <summary>Every zone's rating for the month: stored when the monthly job has stored it, computed now otherwise.</summary>
    public static async Task<Results<Ok<ZoneRatingView[]>, ValidationProblem>> List(
        string? month, ZoneRater rater, WorkCalendar calendar, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (key, _, _) = ReportPeriod.Month(month, calendar, clock.GetUtcNow(), errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var ratings = await rater.RatingsAsync(FirstOfMonth(key), cancellationToken);
        return TypedResults.Ok(ratings.Select(View).ToArray());
    }

    /// <summary>The zone's stored monthly ratings, oldest first.</summary>
    public static async Task<Results<Ok<ZoneRatingView[]>, NotFound>> History(
        string key, SafetyFlowDbContext db, ZoneRater rater, CancellationToken cancellationToken)
    {
        var zone = await db.Zones.AsNoTracking().SingleOrDefaultAsync(z => z.Key == key, cancellationToken);
        return zone is null
            ? TypedResults.NotFound()
            : TypedResults.Ok((await rater.HistoryAsync(zone, cancellationToken)).Select(View).ToArray());
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
            .WithSummary("Every zone's stars, score and score components for a month (default: the current month, rated so far).");
        group.MapGet("/{key}/ratings", ZoneRatings.History)
            .WithName("ZoneRatingHistory")
            .WithSummary("A zone's stored monthly ratings, oldest first.");
        return app;
    }
}
