using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Findings;

/// <summary>The owner's findings, soonest deadline first; closed ones below.</summary>
public sealed class MineModel(MyFindings myFindings, ViewerFactory viewers, TimeProvider clock) : PageModel
{
    public IReadOnlyList<FindingView> Open { get; private set; } = [];

    public IReadOnlyList<FindingView> Closed { get; private set; } = [];

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        (Open, Closed) = await myFindings.HandleAsync(viewer, WebApp.Language(HttpContext), cancellationToken);
    }
}
