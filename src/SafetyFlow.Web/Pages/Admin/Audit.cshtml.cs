using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Audit;

namespace SafetyFlow.Web.Pages.Admin;

/// <summary>The trail check of <c>GET /api/audit/verify</c>, run when the page opens.</summary>
public sealed class AuditModel(SafetyFlowDbContext db) : PageModel
{
    public TrailVerification Result { get; private set; } = new(true, 0, null, null);

    public async Task OnGetAsync() =>
        Result = (await VerifyTrail.Handle(db, HttpContext.RequestAborted)).Value!;
}
