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

    public IReadOnlyDictionary<Guid, FindingPhotoSet> Photos { get; private set; } = new Dictionary<Guid, FindingPhotoSet>();

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        (Fixes, Extensions, Photos) = await queue.HandleAsync(viewer, WebApp.Language(HttpContext), cancellationToken);
    }
}
