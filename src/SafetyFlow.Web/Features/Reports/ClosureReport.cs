using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>
/// One group of the closure report. Rates are 0..1 of the findings raised in the period; aging counts the group's
/// findings still open now by whole days since raised; the 90th percentile is the nearest-rank one.
/// </summary>
public sealed record ClosureRow(
    string Key,
    int Raised,
    int Closed,
    int ClosedOnTime,
    int OpenOverdue,
    double ClosureRate,
    double OnTimeRate,
    double? MedianHoursToClose,
    double? P90HoursToClose,
    OpenAging Aging,
    int Rejections,
    int ExtensionRequests);

/// <summary>Findings still open, by days since raised: 0-7, 8-30, over 30.</summary>
public sealed record OpenAging(int Days0To7, int Days8To30, int Over30Days);

internal static class ClosureReport
{
    private static readonly string[] Groupings = ["zone", "category", "severity", "owner", "unit", "week", "month"];

    public static async Task<Results<Ok<ClosureRow[]>, ValidationProblem>> Handle(
        string? from,
        string? to,
        string? groupBy,
        HttpContext context,
        SafetyFlowDbContext db,
        FindingReader reader,
        ViewerFactory viewers,
        WorkCalendar calendar,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        var (start, end) = ReportPeriod.Range(from, to, calendar, now, errors);
        var grouping = groupBy ?? "zone";
        if (!Groupings.Contains(grouping))
        {
            errors.Add("groupBy", $"Use one of {string.Join(", ", Groupings)}.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var facts = await FindingFacts.LoadAsync(db, reader.Visible(viewer).Where(f => f.RaisedAt >= start && f.RaisedAt < end), cancellationToken);
        Func<FindingFact, string> key = grouping switch
        {
            "category" => f => f.Category,
            "severity" => f => f.Severity.ToString().ToLowerInvariant(),
            "owner" => f => f.Owner,
            "unit" => f => f.Unit,
            "week" => f => calendar.WeekOf(f.RaisedAt),
            "month" => f => calendar.ToLocal(f.RaisedAt).ToString("yyyy-MM", CultureInfo.InvariantCulture),
            _ => f => f.Zone,
        };

        return TypedResults.Ok(facts.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Row(g.Key, [.. g], now)).ToArray());
    }

    internal static ClosureRow Row(string key, IReadOnlyList<FindingFact> facts, DateTimeOffset now)
    {
        var closed = facts.Where(f => f.ClosedAt is not null).ToList();
        var onTime = closed.Count(f => f.ClosedOnTime);
        var overdue = facts.Count(f => f.IsOverdueAt(now));
        var hours = closed.Select(f => (f.ClosedAt!.Value - f.RaisedAt).TotalHours).Order().ToList();
        var openAges = facts.Where(f => f.ClosedAt is null).Select(f => (int)Math.Floor((now - f.RaisedAt).TotalDays)).ToList();
        return new ClosureRow(
            key,
            facts.Count,
            closed.Count,
            onTime,
            overdue,
            facts.Count == 0 ? 0 : Math.Round((double)closed.Count / facts.Count, 4),
            facts.Count == 0 ? 0 : Math.Round((double)onTime / facts.Count, 4),
            hours.Count == 0 ? null : Math.Round(Median(hours), 2),
            hours.Count == 0 ? null : Math.Round(NearestRank(hours, 0.9), 2),
            new OpenAging(openAges.Count(d => d <= 7), openAges.Count(d => d is > 7 and <= 30), openAges.Count(d => d > 30)),
            facts.Sum(f => f.Rejections),
            facts.Sum(f => f.ExtensionRequests));
    }

    internal static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>The smallest value with at least <paramref name="fraction"/> of the values at or below it.</summary>
    internal static double NearestRank(IReadOnlyList<double> sorted, double fraction) =>
        sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
}

public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Auditors);
        group.MapGet("/closure", ClosureReport.Handle)
            .WithName("ClosureReport")
            .WithSummary("Raised, closed, on time and overdue findings per group, with aging and time to close; a finding counts in the period it was raised.");
        group.MapGet("/register", HazardRegister.Handle)
            .WithName("HazardRegister")
            .WithSummary("The hazard register (隐患台账): every finding raised in the period, as XLSX or CSV.");
        group.MapGet("/monthly", MonthlyReport.Handle)
            .WithName("MonthlyReport")
            .WithSummary("The month's report as PDF, in the caller's language.");
        group.MapGet("/statutory", StatutoryReport.Handle)
            .WithName("StatutoryReport")
            .WithSummary("Quarterly or yearly figures for disclosure: found, fixed, fixed on time, major hazards and their state.");
        return app;
    }
}
