using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
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

        // Each week's raised and closed are counted by the database in the calendar's local weeks, up to this one.
        var weeks = LocalBuckets.Weeks(calendar, calendar.StartOfWeek(calendar.WeekOf(now)).AddDays(-7 * (TrendWeeks - 1)), now.AddTicks(1));
        var raisedPerWeek = await PerWeekAsync(visible.Where(f => f.RaisedAt >= weeks.Start && f.RaisedAt < weeks.End), weeks.KeyOf(f => f.RaisedAt), cancellationToken);
        var closedPerWeek = await PerWeekAsync(
            visible.Where(f => f.ClosedAt != null && f.ClosedAt >= weeks.Start && f.ClosedAt < weeks.End), weeks.KeyOf(f => f.ClosedAt!.Value), cancellationToken);

        // Who lags this quarter: most overdue first, then the lowest share closed on time, as the closure report counts them.
        // Bounded on both sides, so that the database reads the quarter through its time index rather than every
        // finding in zone order.
        var quarterFirstDay = new DateOnly(local.Year, ((local.Month - 1) / 3 * 3) + 1, 1);
        var quarterStart = calendar.StartOfDay(quarterFirstDay);
        var quarterEnd = calendar.StartOfDay(quarterFirstDay.AddMonths(3));
        var quarter = visible.Where(f => f.RaisedAt >= quarterStart && f.RaisedAt < quarterEnd);
        return new OfficeFigures(
            open,
            overdue,
            closedOnTime,
            weeks.Labels,
            [.. weeks.Labels.Select(w => raisedPerWeek.GetValueOrDefault(w))],
            [.. weeks.Labels.Select(w => closedPerWeek.GetValueOrDefault(w))],
            Lagging(await ClosureFigures.RowsByZoneAsync(db, quarter, z => z.Name, now, cancellationToken)),
            Lagging(await ClosureFigures.RowsAsync(db, quarter, f => f.Category, now, cancellationToken)));
    }

    private static Task<Dictionary<string, int>> PerWeekAsync(IQueryable<Finding> findings, Expression<Func<Finding, string>> week, CancellationToken cancellationToken) =>
        findings.Select(week).GroupBy(w => w).Select(g => new { Week = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Week, g => g.Count, cancellationToken);

    /// <summary>Rows in the order their groups were first raised, so that ties keep the order the findings came in.</summary>
    private static List<ClosureRow> Lagging(List<ClosureRow> rows) =>
    [
        .. rows
            .OrderByDescending(r => r.OpenOverdue)
            .ThenBy(r => r.OnTimeRate)
            .ThenByDescending(r => r.Raised)
            .Take(5),
    ];
}
