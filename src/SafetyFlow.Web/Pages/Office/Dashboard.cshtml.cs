using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Office;

public sealed record WorstRow(string Name, int Raised, int OpenOverdue, double OnTimeRate);

/// <summary>The safety office's overview: open, overdue, closed on time this month, the weekly trend, and who lags.</summary>
public sealed class DashboardModel(OfficeOverview overview, ViewerFactory viewers, Ui ui) : PageModel
{
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
        WorstZones = [.. figures.LaggingZones.Select(r => Row(r, r.Key))];
        WorstCategories = [.. figures.LaggingCategories.Select(r => Row(r, ui[$"category.{r.Key}"]))];
    }

    private static WorstRow Row(ClosureRow row, string name) => new(name, row.Raised, row.OpenOverdue, row.OnTimeRate);
}
