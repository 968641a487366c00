using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Admin;

namespace SafetyFlow.Web.Pages.Admin;

/// <summary>Ladder steps that failed to fire, through the same list and retry as <c>/api/admin/escalations/failed</c>.</summary>
public sealed class EscalationsModel(StalledEscalations stalled) : PageModel
{
    public IReadOnlyList<StalledEscalation> Stalled { get; private set; } = [];

    public string? Message { get; private set; }

    public async Task OnGetAsync() => Stalled = await stalled.ListAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostRetryAsync(Guid findingId)
    {
        Message = (await stalled.RetryNowAsync(new RetryEscalationRequest(findingId), HttpContext.RequestAborted)).Succeeded ? "escalations.retrying" : "escalations.notFound";
        Stalled = await stalled.ListAsync(HttpContext.RequestAborted);
        return Page();
    }
}
