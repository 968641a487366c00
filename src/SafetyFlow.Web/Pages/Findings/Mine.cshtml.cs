using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Findings;

/// <summary>The owner's findings, soonest deadline first; closed ones below.</summary>
public sealed class MineModel(FindingReader reader, ViewerFactory viewers, TimeProvider clock) : PageModel
{
    public IReadOnlyList<FindingView> Open { get; private set; } = [];

    public IReadOnlyList<FindingView> Closed { get; private set; } = [];

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        var language = WebApp.Language(HttpContext);
        var mine = reader.Visible(viewer).Where(f => f.OwnerId == viewer.UserId);
        Open = await reader.ShapeAsync(mine.Where(f => f.ClosedAt == null).OrderBy(f => f.DueAt), viewer, language, cancellationToken);
        Closed = await reader.ShapeAsync(mine.Where(f => f.ClosedAt != null).OrderByDescending(f => f.ClosedAt).Take(20), viewer, language, cancellationToken);
    }
}
