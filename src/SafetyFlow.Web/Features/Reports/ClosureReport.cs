using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>One group of the closure report. Rates are 0..1 of the findings raised in the period.</summary>
public sealed record ClosureRow(
    string Key,
    int Raised,
    int Closed,
    int ClosedOnTime,
    int OpenOverdue,
    double ClosureRate,
    double OnTimeRate,
    double? MedianHoursToClose);

internal static class ClosureReport
{
    private static readonly string[] Groupings = ["zone", "category", "severity", "owner", "unit", "week", "month"];

    public static async Task<Results<Ok<ClosureRow[]>, ValidationProblem>> Handle(
        string? from,
        string? to,
        string? groupBy,
        HttpContext context,
        FindingReader reader,
        ViewerFactory viewers,
        WorkCalendar calendar,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        var local = calendar.ToLocal(now);
        var start = ParseBound(from, "from", calendar, errors, endOfDay: false) ?? calendar.StartOfDay(new DateOnly(local.Year, local.Month, 1));
        var end = ParseBound(to, "to", calendar, errors, endOfDay: true) ?? now;
        var grouping = groupBy ?? "zone";
        if (!Groupings.Contains(grouping))
        {
            errors.Add("groupBy", $"Use one of {string.Join(", ", Groupings)}.");
        }

        if (!errors.Any && end <= start)
        {
            errors.Add("to", "Must be after 'from'.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var rows = await reader.Visible(viewer)
            .Where(f => f.RaisedAt >= start && f.RaisedAt < end)
            .Select(f => new ClosureFact(
                f.RaisedAt,
                f.DueAt,
                f.ClosedAt,
                f.Zone!.Key,
                f.Category,
                f.Severity.ToString(),
                f.Owner!.UserName!,
                f.UnitId))
            .ToListAsync(cancellationToken);

        var unitKeys = await reader.UnitKeysAsync(cancellationToken);
        Func<ClosureFact, string> key = grouping switch
        {
            "category" => f => f.Category,
            "severity" => f => f.Severity.ToLowerInvariant(),
            "owner" => f => f.Owner,
            "unit" => f => unitKeys.GetValueOrDefault(f.UnitId, "?"),
            "week" => f => calendar.WeekOf(f.RaisedAt),
            "month" => f => calendar.ToLocal(f.RaisedAt).ToString("yyyy-MM", CultureInfo.InvariantCulture),
            _ => f => f.Zone,
        };

        return TypedResults.Ok(rows.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Row(g.Key, [.. g], now)).ToArray());
    }

    internal static ClosureRow Row(string key, IReadOnlyList<ClosureFact> facts, DateTimeOffset now)
    {
        var closed = facts.Where(f => f.ClosedAt is not null).ToList();
        var onTime = closed.Count(f => f.ClosedAt <= f.DueAt);
        var overdue = facts.Count(f => f.ClosedAt is null && now > f.DueAt);
        var hours = closed.Select(f => (f.ClosedAt!.Value - f.RaisedAt).TotalHours).Order().ToList();
        return new ClosureRow(
            key,
            facts.Count,
            closed.Count,
            onTime,
            overdue,
            facts.Count == 0 ? 0 : Math.Round((double)closed.Count / facts.Count, 4),
            facts.Count == 0 ? 0 : Math.Round((double)onTime / facts.Count, 4),
            hours.Count == 0 ? null : Math.Round(Median(hours), 2));
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static DateTimeOffset? ParseBound(string? value, string field, WorkCalendar calendar, ValidationErrors errors, bool endOfDay)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            // A date names a whole local day: 'to' includes it.
            return calendar.StartOfDay(endOfDay ? date.AddDays(1) : date);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) && value.Contains('T', StringComparison.Ordinal))
        {
            return instant;
        }

        errors.Add(field, "Use a date (2026-11-01) or a date and time with offset (2026-11-01T00:00:00+08:00).");
        return null;
    }
}

internal sealed record ClosureFact(
    DateTimeOffset RaisedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? ClosedAt,
    string Zone,
    string Category,
    string Severity,
    string Owner,
    Guid UnitId);

public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Auditors);
        group.MapGet("/closure", ClosureReport.Handle)
            .WithName("ClosureReport")
            .WithSummary("Raised, closed, on time and overdue findings per group; a finding counts in the period it was raised.");
        return app;
    }
}
