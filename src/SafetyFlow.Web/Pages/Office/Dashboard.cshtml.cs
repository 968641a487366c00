using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Office;

/// <summary>A lagging zone or category; <paramref name="Link"/> opens the finding list of its findings raised this quarter.</summary>
public sealed record WorstRow(string Name, int Raised, int OpenOverdue, double OnTimeRate, string? Link = null);

/// <summary>The safety office's overview: open, overdue, closed on time this month, the weekly trend, and who lags.</summary>
public sealed class DashboardModel(OfficeOverview overview, ListFindings findings, ViewerFactory viewers, WorkCalendar calendar, TimeProvider clock, Ui ui) : PageModel
{
    /// <summary>The finding list of the findings closed on time this month, as the tile counts them.</summary>
    public string ClosedOnTimeLink { get; private set; } = "/findings";

    public int Open { get; private set; }

    public int Overdue { get; private set; }

    public int ClosedOnTime { get; private set; }

    public string TrendJson { get; private set; } = "{}";

    public IReadOnlyList<WorstRow> WorstZones { get; private set; } = [];

    public IReadOnlyList<WorstRow> WorstCategories { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var viewer = await viewers.ForAsync(User, HttpContext.RequestAborted);
        var figures = await overview.HandleAsync(viewer, HttpContext.RequestAborted);
        (Open, Overdue, ClosedOnTime) = (figures.Open, figures.Overdue, figures.ClosedOnTime);
        TrendJson = JsonSerializer.Serialize(new
        {
            labels = figures.Weeks,
            raised = figures.RaisedPerWeek,
            closed = figures.ClosedPerWeek,
            raisedLabel = ui["dashboard.raised"],
            closedLabel = ui["dashboard.closed"],
        });
        // The figures' periods as the overview counts them: this local month, this local quarter.
        var today = DateOnly.FromDateTime(calendar.ToLocal(clock.GetUtcNow()).DateTime);
        var quarter = Day(new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1));
        ClosedOnTimeLink = $"/findings?closedFrom={Day(new DateOnly(today.Year, today.Month, 1))}&onTime=true";

        // Lagging zones are grouped by name; a name that only one zone has opens that zone, another is searched for.
        var zoneKeys = (await findings.ZonesAsync(viewer, HttpContext.RequestAborted)).ToLookup(z => z.Name, z => z.Key);
        WorstZones = [.. figures.LaggingZones.Select(r => Row(r, r.Key, zoneKeys[r.Key].Count() == 1
            ? $"/findings?zone={Uri.EscapeDataString(zoneKeys[r.Key].Single())}&from={quarter}"
            : $"/findings?q={Uri.EscapeDataString(r.Key)}&from={quarter}"))];
        WorstCategories = [.. figures.LaggingCategories.Select(r => Row(r, ui[$"category.{r.Key}"], $"/findings?category={Uri.EscapeDataString(r.Key)}&from={quarter}"))];
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static WorstRow Row(ClosureRow row, string name, string link) => new(name, row.Raised, row.OpenOverdue, row.OnTimeRate, link);
}
