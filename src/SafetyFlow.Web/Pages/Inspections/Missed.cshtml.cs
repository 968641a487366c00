using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Pages.Inspections;

/// <summary>
/// Inspections missed (not submitted by the end of their visit window) in the zones the viewer sees, newest first, for
/// supervisors (their units) and the safety office (every zone).
/// </summary>
[Authorize(Roles = "Supervisor,SafetyOffice,Admin")]
public sealed class MissedModel(ListInspections inspections, ViewerFactory viewers, WorkCalendar calendar, WorkflowRegistry workflows, TimeProvider clock) : PageModel
{
    public const int Weeks = 4;

    public IReadOnlyList<InspectionSummary> Inspections { get; private set; } = [];

    public string Title(string workflowId) => workflows.Current.Find(workflowId)?.Title.For(WebApp.Language(HttpContext)) ?? workflowId;

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        var since = calendar.StartOfWeek(calendar.WeekOf(clock.GetUtcNow())).AddDays(-7 * (Weeks - 1));
        var result = await inspections.HandleAsync(new ListInspectionsRequest(false, null, null, viewer, MissedSince: since), cancellationToken);
        Inspections = result.Succeeded ? [.. result.Value.OrderByDescending(i => i.DueAt).ThenBy(i => i.Zone, StringComparer.Ordinal)] : [];
    }
}
