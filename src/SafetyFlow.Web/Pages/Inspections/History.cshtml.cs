using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Inspections;

/// <summary>The person's own past inspections, newest first, over the same use case as <c>GET /api/inspections/history</c>.</summary>
public sealed class HistoryModel(InspectionHistory history, ViewerFactory viewers, Ui ui) : PageModel
{
    /// <summary>The page asked for in the address (<c>?page=2</c>); "page" is read from the query, as Razor Pages keeps the name for itself.</summary>
    public int CurrentPage =>
        Request.Query["page"].Count == 0 ? 1
        : int.TryParse(Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? page
        : 0;

    public InspectionHistoryPage? Inspections { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        var result = await history.HandleAsync(new InspectionHistoryRequest(CurrentPage, null, ui.Language, viewer), cancellationToken);
        if (result.Failure is Failure.Invalid)
        {
            // A page number that is no page: the first page, as the list starts.
            return RedirectToPage();
        }

        Inspections = result.Value;
        return Page();
    }
}
