using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Office;

public sealed record WorstRow(string Name, int Raised, int OpenOverdue, double OnTimeRate);

/// <summary>The safety office's overview: open, overdue, closed on time this month, the weekly trend, and who lags.</summary>
public sealed class DashboardModel(SafetyFlowDbContext db, FindingReader reader, ViewerFactory viewers, WorkCalendar calendar, Ui ui, TimeProvider clock) : PageModel
{
    private const int TrendWeeks = 10;

    public int Open { get; private set; }

    public int Overdue { get; private set; }

    public int ClosedOnTime { get; private set; }

    public string TrendJson { get; private set; } = "{}";

    public IReadOnlyList<WorstRow> WorstZones { get; private set; } = [];

    public IReadOnlyList<WorstRow> WorstCategories { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var now = clock.GetUtcNow();
        var viewer = await viewers.ForAsync(User, cancellationToken);
        var visible = reader.Visible(viewer);
        var local = calendar.ToLocal(now);
        var monthStart = calendar.StartOfDay(new DateOnly(local.Year, local.Month, 1));
        Open = await visible.CountAsync(f => f.ClosedAt == null, cancellationToken);
        Overdue = await visible.CountAsync(f => f.ClosedAt == null && f.DueAt < now, cancellationToken);
        ClosedOnTime = await visible.CountAsync(f => f.ClosedAt != null && f.ClosedAt >= monthStart && f.ClosedAt <= f.DueAt, cancellationToken);

        var firstWeek = calendar.StartOfWeek(calendar.WeekOf(now)).AddDays(-7 * (TrendWeeks - 1));
        var facts = await visible
            .Where(f => f.RaisedAt >= firstWeek || (f.ClosedAt != null && f.ClosedAt >= firstWeek))
            .Select(f => new { f.RaisedAt, f.ClosedAt })
            .ToListAsync(cancellationToken);
        var weeks = Enumerable.Range(0, TrendWeeks).Select(i => calendar.WeekOf(firstWeek.AddDays(7 * i))).ToList();
        TrendJson = JsonSerializer.Serialize(new
        {
            labels = weeks,
            raised = weeks.Select(w => facts.Count(f => calendar.WeekOf(f.RaisedAt) == w)),
            closed = weeks.Select(w => facts.Count(f => f.ClosedAt is { } c && calendar.WeekOf(c) == w)),
            raisedLabel = ui["dashboard.raised"],
            closedLabel = ui["dashboard.closed"],
        });

        // Who lags this quarter: most overdue first, then the lowest share closed on time, as the closure report counts them.
        var quarterStart = calendar.StartOfDay(new DateOnly(local.Year, ((local.Month - 1) / 3 * 3) + 1, 1));
        var quarter = await FindingFacts.LoadAsync(db, visible.Where(f => f.RaisedAt >= quarterStart), cancellationToken);
        WorstZones = Worst(quarter, f => f.ZoneName, now, key => key);
        WorstCategories = Worst(quarter, f => f.Category, now, key => ui[$"category.{key}"]);
    }

    private static List<WorstRow> Worst(List<FindingFact> facts, Func<FindingFact, string> key, DateTimeOffset now, Func<string, string> name) =>
    [
        .. facts.GroupBy(key)
            .Select(g => ClosureReport.Row(g.Key, [.. g], now))
            .OrderByDescending(r => r.OpenOverdue)
            .ThenBy(r => r.OnTimeRate)
            .ThenByDescending(r => r.Raised)
            .Take(5)
            .Select(r => new WorstRow(name(r.Key), r.Raised, r.OpenOverdue, r.OnTimeRate)),
    ];
}
