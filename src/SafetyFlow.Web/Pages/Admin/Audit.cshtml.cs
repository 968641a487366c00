using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Audit;

namespace SafetyFlow.Web.Pages.Admin;

/// <summary>The trail check of <c>GET /api/audit/verify</c>, run when the page opens.</summary>
public sealed class AuditModel(SafetyFlowDbContext db) : PageModel
{
    public TrailVerification Result { get; private set; } = new(true, 0, null, null);

    /// <summary>The check's reasons, which it states in English, as page texts in both languages.</summary>
    private static readonly Dictionary<string, string> Reasons = new(StringComparer.Ordinal)
    {
        ["the finding has no history records"] = "audit.reason.noRecords",
        ["the finding's stored fields differ from those its latest record was sealed with"] = "audit.reason.findingChanged",
        ["the record's finding is missing"] = "audit.reason.findingMissing",
        ["the record's content does not match its hash"] = "audit.reason.hash",
        ["the record follows a finding that is no longer stored"] = "audit.reason.followsRemoved",
        ["the record does not follow the finding's previous record (one was changed or removed)"] = "audit.reason.chain",
    };

    /// <summary>A text key for a known reason; an unknown one is shown as the check wrote it.</summary>
    public static string ReasonKey(string reason) => Reasons.GetValueOrDefault(reason, reason);

    public async Task OnGetAsync() =>
        Result = (await VerifyTrail.Handle(db, HttpContext.RequestAborted)).Value!;
}
