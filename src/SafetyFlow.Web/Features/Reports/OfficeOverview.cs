using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>
/// The safety office's overview of what the viewer may see: open and overdue findings now, those closed on time this
/// month, raised and closed per week over the last <see cref="OfficeOverview.TrendWeeks"/> weeks, and the zones and
/// categories that lag this quarter (closure rows keyed by zone name and by category).
/// </summary>
public sealed record OfficeFigures(
    int Open,
    int Overdue,
    int ClosedOnTime,
    IReadOnlyList<string> Weeks,
    IReadOnlyList<int> RaisedPerWeek,
    IReadOnlyList<int> ClosedPerWeek,
    IReadOnlyList<ClosureRow> LaggingZones,
    IReadOnlyList<ClosureRow> LaggingCategories);

/// <summary>The figures of the office dashboard. It takes no input, so it cannot be refused and answers its value.</summary>
public sealed class OfficeOverview(SafetyFlowDbContext db, FindingReader reader, WorkCalendar calendar, TimeProvider clock)
{
    public const int TrendWeeks = 10;

    public async Task<OfficeFigures> HandleAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var visible = reader.Visible(viewer);
        var local = calendar.ToLocal(now);
        var monthStart = calendar.StartOfDay(new DateOnly(local.Year, local.Month, 1));
        var open = await visible.CountAsync(f => f.ClosedAt == null, cancellationToken);
        var overdue = await visible.CountAsync(f => f.ClosedAt == null && f.DueAt < now, cancellationToken);
        var closedOnTime = await visible.CountAsync(f => f.ClosedAt != null && f.ClosedAt >= monthStart && f.ClosedAt <= f.DueAt, cancellationToken);

        var firstWeek = calendar.StartOfWeek(calendar.WeekOf(now)).AddDays(-7 * (TrendWeeks - 1));
        var trend = await visible
            .Where(f => f.RaisedAt >= firstWeek || (f.ClosedAt != null && f.ClosedAt >= firstWeek))
            .Select(f => new { f.RaisedAt, f.ClosedAt })
            .ToListAsync(cancellationToken);
        var weeks = Enumerable.Range(0, TrendWeeks).Select(i => calendar.WeekOf(firstWeek.AddDays(7 * i))).ToList();

        // Who lags this quarter: most overdue first, then the lowest share closed on time, as the closure report counts them.
        var quarterStart = calendar.StartOfDay(new DateOnly(local.Year, ((local.Month - 1) / 3 * 3) + 1, 1));
        var quarter = await FindingFacts.LoadAsync(db, visible.Where(f => f.RaisedAt >= quarterStart), cancellationToken);
        return new OfficeFigures(
            open,
            overdue,
            closedOnTime,
            weeks,
            [.. weeks.Select(w => trend.Count(f => calendar.WeekOf(f.RaisedAt) == w))],
            [.. weeks.Select(w => trend.Count(f => f.ClosedAt is { } c && calendar.WeekOf(c) == w))],
            Lagging(quarter, f => f.ZoneName, now),
            Lagging(quarter, f => f.Category, now));
    }

    private static List<ClosureRow> Lagging(List<FindingFact> facts, Func<FindingFact, string> key, DateTimeOffset now) =>
    [
        .. facts.GroupBy(key)
            .Select(g => ClosureReport.Row(g.Key, [.. g], now))
            .OrderByDescending(r => r.OpenOverdue)
            .ThenBy(r => r.OnTimeRate)
            .ThenByDescending(r => r.Raised)
            .Take(5),
    ];
}
