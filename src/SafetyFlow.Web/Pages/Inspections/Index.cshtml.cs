using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Pages.Inspections;

/// <summary>The member's inspections for this week, through the same reader as <c>GET /api/inspections?mine=true</c>.</summary>
public sealed class IndexModel(SafetyFlowDbContext db, ViewerFactory viewers, WorkCalendar calendar, WorkflowRegistry workflows, TimeProvider clock) : PageModel
{
    public string Week { get; private set; } = "";

    public IReadOnlyList<InspectionSummary> Inspections { get; private set; } = [];

    public string Title(string workflowId) => workflows.Current.Find(workflowId)?.Title.For(WebApp.Language(HttpContext)) ?? workflowId;

    public async Task OnGetAsync()
    {
        Week = calendar.WeekOf(clock.GetUtcNow());
        var result = await ReadInspections.List(true, null, Week, HttpContext, db, viewers, clock, HttpContext.RequestAborted);
        Inspections = result.Result is Ok<InspectionSummary[]> ok ? ok.Value! : [];
    }
}
