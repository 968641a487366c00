using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Inspections;

/// <summary>
/// The printable record of one submitted inspection, over the same use case as <c>GET /api/inspections/{id}/record</c>;
/// its PDF (<c>?handler=pdf</c>) as <c>GET /api/inspections/{id}/record.pdf</c> writes it, in the language chosen with
/// the page's switch, else the reader's saved language, else the browser's.
/// </summary>
public sealed class RecordModel(ReadInspectionRecord records, PrintInspectionRecord print, ViewerFactory viewers, WorkCalendar calendar, Ui ui) : PageModel
{
    public InspectionRecord? Record { get; private set; }

    /// <summary>The time zone the record's times are read in.</summary>
    public string TimeZone => calendar.Zone.Id;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        var result = await records.HandleAsync(new InspectionRecordRequest(id, ui.Language, viewer), cancellationToken);
        if (!result.Succeeded)
        {
            return result.Failure.ToActionResult();
        }

        Record = result.Value;
        return Page();
    }

    public async Task<IActionResult> OnGetPdfAsync(Guid id)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        var request = new PrintInspectionRecordRequest(id, ReportLanguage.ChosenOnPage(HttpContext), viewer, ReportLanguage.OfBrowser(HttpContext));
        var result = await print.HandleAsync(request, cancellationToken);
        return result.Succeeded ? File(result.Value.Content, result.Value.ContentType, result.Value.FileName) : result.Failure.ToActionResult();
    }
}
