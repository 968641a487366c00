using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Pages.Inspections;

/// <summary>
/// The member's inspections for this week, through the same use case as <c>GET /api/inspections?mine=true</c>, and below
/// them those missed in the weeks before, which stay until <see cref="MissedWeeks"/> weeks have passed.
/// </summary>
public sealed class IndexModel(ListInspections inspections, ViewerFactory viewers, WorkCalendar calendar, WorkflowRegistry workflows, TimeProvider clock) : PageModel
{
    public const int MissedWeeks = 4;

    public string Week { get; private set; } = "";

    public IReadOnlyList<InspectionSummary> Inspections { get; private set; } = [];

    public IReadOnlyList<InspectionSummary> MissedEarlier { get; private set; } = [];

    public string Title(string workflowId) => workflows.Current.Find(workflowId)?.Title.For(WebApp.Language(HttpContext)) ?? workflowId;

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var now = clock.GetUtcNow();
        Week = calendar.WeekOf(now);
        var viewer = await viewers.ForAsync(User, cancellationToken);
        var result = await inspections.HandleAsync(new ListInspectionsRequest(true, null, Week, viewer), cancellationToken);
        Inspections = result.Succeeded ? result.Value : [];
        var since = calendar.StartOfWeek(Week).AddDays(-7 * MissedWeeks);
        var missed = await inspections.HandleAsync(new ListInspectionsRequest(true, null, null, viewer, MissedSince: since), cancellationToken);
        MissedEarlier = missed.Succeeded ? [.. missed.Value.Where(i => i.Week != Week).OrderByDescending(i => i.DueAt)] : [];
    }
}
