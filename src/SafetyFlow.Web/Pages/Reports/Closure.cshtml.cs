using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Reports;

/// <summary>
/// The closure report of <c>GET /api/reports/closure</c> as a table and charts, with the hazard register and the monthly
/// PDF as downloads. The downloads are page handlers because the API takes bearer tokens only, not the page's cookie.
/// </summary>
public sealed class ClosureModel(
    ClosureReport closure,
    InspectionPresence presence,
    HazardRegister register,
    MonthlyReport monthly,
    SafetyFlowDbContext db,
    ViewerFactory viewers,
    WorkCalendar calendar,
    TimeProvider clock,
    Ui ui) : PageModel
{
    public static readonly string[] Groupings = ["unit", "zone", "category", "severity", "owner", "week", "month"];

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? GroupBy { get; set; }

    public IReadOnlyList<(string Name, ClosureRow Row)> Rows { get; private set; } = [];

    public ClosureRow? Total { get; private set; }

    public string? Problem { get; private set; }

    /// <summary>The month of the period's start, for the monthly report.</summary>
    public string Month { get; private set; } = "";

    public string ChartJson { get; private set; } = "{}";

    /// <summary>Inspections of the period by zone: on site, late, early, missed.</summary>
    public IReadOnlyList<PresenceRow> Presence { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var local = calendar.ToLocal(clock.GetUtcNow());
        From = string.IsNullOrWhiteSpace(From) ? new DateOnly(local.Year, local.Month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : From;
        To = string.IsNullOrWhiteSpace(To) ? DateOnly.FromDateTime(local.DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : To;
        GroupBy = Groupings.Contains(GroupBy) ? GroupBy : "zone";
        Month = From.Length >= 7 ? From[..7] : local.ToString("yyyy-MM", CultureInfo.InvariantCulture);

        var viewer = await viewers.ForAsync(User, cancellationToken);
        var result = await closure.HandleAsync(new ClosureRequest(From, To, GroupBy, viewer), cancellationToken);
        if (result.Failure is Failure.Invalid invalid)
        {
            invalid.AddTo(ModelState);
            Problem = invalid.Summary;
            return;
        }

        var rows = result.Value;
        var visits = await presence.HandleAsync(new PresenceRequest(From, To, viewer), cancellationToken);
        Presence = visits.Succeeded ? visits.Value : [];
        var names = await NamesAsync(cancellationToken);
        Rows = [.. rows.Select(r => (names(r.Key), r))];
        Total = rows.Length == 0 ? null : Sum(rows);
        ChartJson = JsonSerializer.Serialize(new
        {
            labels = Rows.Select(r => r.Name),
            closureRate = rows.Select(r => Math.Round(r.ClosureRate * 100, 1)),
            onTimeRate = rows.Select(r => Math.Round(r.OnTimeRate * 100, 1)),
            aging0 = rows.Select(r => r.Aging.Days0To7),
            aging8 = rows.Select(r => r.Aging.Days8To30),
            aging30 = rows.Select(r => r.Aging.Over30Days),
            closureRateLabel = ui["closure.closureRate"],
            onTimeRateLabel = ui["closure.onTimeRate"],
            aging0Label = ui["closure.aging0"],
            aging8Label = ui["closure.aging8"],
            aging30Label = ui["closure.aging30"],
        });
    }

    /// <summary>The hazard register for the period, as <c>GET /api/reports/register</c> writes it.</summary>
    public async Task<IActionResult> OnGetRegisterAsync(string? format)
    {
        var viewer = await viewers.ForAsync(User, HttpContext.RequestAborted);
        var request = new HazardRegisterRequest(From, To, format, WebApp.Language(HttpContext), viewer);
        var result = await register.HandleAsync(request, HttpContext.RequestAborted);
        return result.Succeeded ? new StreamedDownload(result.Value) : result.Failure.ToActionResult();
    }

    /// <summary>
    /// The monthly PDF, as <c>GET /api/reports/monthly</c> writes it, in the language chosen with the page's switch, else
    /// the reader's saved language, else the browser's.
    /// </summary>
    public async Task<IActionResult> OnGetMonthlyAsync(string? month)
    {
        var viewer = await viewers.ForAsync(User, HttpContext.RequestAborted);
        var request = new MonthlyReportRequest(month, "pdf", ReportLanguage.ChosenOnPage(HttpContext), viewer, ReportLanguage.OfBrowser(HttpContext));
        return Download(await monthly.HandleAsync(request, HttpContext.RequestAborted));
    }

    private IActionResult Download(Result<ReportFile> result) =>
        result.Succeeded ? File(result.Value.Content, result.Value.ContentType, result.Value.FileName) : result.Failure.ToActionResult();

    private static ClosureRow Sum(IReadOnlyList<ClosureRow> rows)
    {
        var raised = rows.Sum(r => r.Raised);
        var closed = rows.Sum(r => r.Closed);
        var onTime = rows.Sum(r => r.ClosedOnTime);
        return new ClosureRow(
            "",
            raised,
            closed,
            onTime,
            rows.Sum(r => r.OpenOverdue),
            raised == 0 ? 0 : (double)closed / raised,
            raised == 0 ? 0 : (double)onTime / raised,
            null,
            null,
            new OpenAging(rows.Sum(r => r.Aging.Days0To7), rows.Sum(r => r.Aging.Days8To30), rows.Sum(r => r.Aging.Over30Days)),
            rows.Sum(r => r.Rejections),
            rows.Sum(r => r.ExtensionRequests));
    }

    /// <summary>What a group key reads as: zone, unit and owner names, category and severity in the page's language.</summary>
    private async Task<Func<string, string>> NamesAsync(CancellationToken cancellationToken)
    {
        switch (GroupBy)
        {
            case "zone":
                var zones = await db.Zones.AsNoTracking().ToDictionaryAsync(z => z.Key, z => z.Name, cancellationToken);
                return key => zones.GetValueOrDefault(key, key);
            case "unit":
                var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Key, u => u.Name, cancellationToken);
                return key => units.GetValueOrDefault(key, key);
            case "owner":
                var people = await PeopleNames.AllAsync(db, cancellationToken);
                return people.OfUserName;
            case "category":
                return key => ui["category." + key];
            case "severity":
                return key => ui["severity." + key];
            default:
                return key => key;
        }
    }

    /// <summary>A streamed report as a download: headers first, then the rows as the report writes them.</summary>
    private sealed class StreamedDownload(StreamedReport report) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) =>
            TypedResults.Stream(body => report.WriteToAsync(body, context.HttpContext.RequestAborted), report.ContentType, report.FileName)
                .ExecuteAsync(context.HttpContext);
    }
}
