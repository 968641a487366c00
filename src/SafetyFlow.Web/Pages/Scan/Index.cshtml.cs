using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Scan;

/// <summary>
/// Scans a zone sign with the phone's camera (or a photo of it) and opens the sign's address; offline, the scan is kept on
/// the phone with the phone's time and sent here later (<see cref="OnPostArrivalAsync"/>), as <c>POST /api/arrivals</c> takes it.
/// </summary>
public sealed class IndexModel(RecordArrival arrivals, ViewerFactory viewers) : PageModel
{
    public void OnGet()
    {
    }

    /// <summary>A scan kept offline: the sign's zone and token and the phone's time (ISO 8601 with offset).</summary>
    public async Task<IActionResult> OnPostArrivalAsync(string? zone, string? token, string? at)
    {
        var cancellationToken = HttpContext.RequestAborted;
        if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var phoneTime))
        {
            return BadRequest(new { errors = new Dictionary<string, string[]> { ["at"] = ["Use a time with offset, such as 2026-11-24T09:00:00.123+08:00."] } });
        }

        var viewer = await viewers.ForAsync(User, cancellationToken);
        var result = await arrivals.HandleAsync(new ArrivalScan(new RecordArrivalRequest(zone, token, phoneTime), viewer), cancellationToken);
        return result.Failure switch
        {
            null => new JsonResult(result.Value),
            Failure.Invalid invalid => BadRequest(new { errors = invalid.Errors }),
            Failure.Forbidden => StatusCode(StatusCodes.Status403Forbidden),
            _ => NotFound(),
        };
    }
}
