using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Findings;

/// <summary>Finding search with filters, through the same use case as <c>GET /api/findings</c>.</summary>
public sealed class IndexModel(ListFindings findings, ViewerFactory viewers, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Severity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Zone { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Owner { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Overdue { get; set; }

    public IReadOnlyList<FindingView> Findings { get; private set; } = [];

    public IReadOnlyList<(string Key, string Name)> Zones { get; private set; } = [];

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        Zones = await findings.ZonesAsync(viewer, cancellationToken);
        var result = await findings.HandleAsync(
            new ListFindingsRequest(
                string.IsNullOrEmpty(State) ? null : State,
                string.IsNullOrWhiteSpace(Owner) ? null : Owner.Trim(),
                string.IsNullOrEmpty(Zone) ? null : Zone,
                Overdue == true ? true : null,
                Severity is "general" or "major" ? Severity : null,
                ListFindings.DefaultLimit,
                null,
                viewer,
                WebApp.Language(HttpContext)),
            cancellationToken);
        Findings = result.Succeeded ? result.Value : [];
    }
}
