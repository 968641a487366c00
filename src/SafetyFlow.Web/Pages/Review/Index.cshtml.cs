using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Photos;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Review;

/// <summary>The supervisor's queue: fixes waiting for acceptance and extension requests waiting for a decision.</summary>
public sealed class IndexModel(PendingDecisions queue, ViewerFactory viewers, TimeProvider clock) : PageModel
{
    public IReadOnlyList<FindingView> Fixes { get; private set; } = [];

    public IReadOnlyList<FindingView> Extensions { get; private set; } = [];

    /// <summary>How many fixes wait in all; more than are shown on a large group's queue.</summary>
    public int FixesWaiting { get; private set; }

    public int ExtensionsWaiting { get; private set; }

    /// <summary>The finding list of every fix waiting, when they all wait in one state.</summary>
    public string? AllFixesLink { get; private set; }

    public IReadOnlyDictionary<Guid, FindingPhotoSet> Photos { get; private set; } = new Dictionary<Guid, FindingPhotoSet>();

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        var decisions = await queue.HandleAsync(viewer, WebApp.Language(HttpContext), cancellationToken);
        (Fixes, FixesWaiting, Extensions, ExtensionsWaiting, Photos) = (decisions.Fixes, decisions.FixesWaiting, decisions.Extensions, decisions.ExtensionsWaiting, decisions.Photos);
        AllFixesLink = decisions.FixStates.Count == 1 ? $"/findings?state={Uri.EscapeDataString(decisions.FixStates[0])}&sort=due" : null;
    }
}
