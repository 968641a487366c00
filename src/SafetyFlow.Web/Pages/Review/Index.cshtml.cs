using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Photos;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows;

namespace SafetyFlow.Web.Pages.Review;

/// <summary>The supervisor's queue: fixes waiting for acceptance and extension requests waiting for a decision.</summary>
public sealed class IndexModel(SafetyFlowDbContext db, FindingReader reader, ViewerFactory viewers, TimeProvider clock) : PageModel
{
    public IReadOnlyList<FindingView> Fixes { get; private set; } = [];

    public IReadOnlyList<FindingView> Extensions { get; private set; } = [];

    public IReadOnlyDictionary<Guid, FindingPhotoSet> Photos { get; private set; } = new Dictionary<Guid, FindingPhotoSet>();

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        var open = await reader.ShapeAsync(reader.Visible(viewer).Where(f => f.ClosedAt == null).OrderBy(f => f.DueAt), viewer, WebApp.Language(HttpContext), cancellationToken);

        // What the viewer may decide now, as the lifecycle says (separation of duties included).
        Fixes = [.. open.Where(f => f.AllowedActions.Contains(RectificationTriggers.Approve) || f.AllowedActions.Contains(RectificationTriggers.Reject))];
        Extensions = [.. open.Where(f => f.AllowedActions.Contains(RectificationTriggers.ApproveExtension))];
        Photos = await FindingPhotos.ForAsync(db, Fixes, cancellationToken);
    }
}
