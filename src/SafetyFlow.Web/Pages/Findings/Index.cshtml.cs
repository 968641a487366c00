using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Pages.Findings;

/// <summary>
/// Finding search with filters, free text, a raised-between period, an order and pages, through the same use case as
/// <c>GET /api/findings</c>; every choice is in the address, so a link opens the same list. The list downloads as CSV
/// or XLSX in its order, every page of it.
/// </summary>
public sealed class IndexModel(ListFindings findings, ExportFindings export, ViewerFactory viewers, WorkflowRegistry workflows, TimeProvider clock) : PageModel
{
    /// <summary>The lifecycle's states, each with its title in the page's language.</summary>
    public IEnumerable<(string Name, string Title)> States =>
        workflows.CurrentLifecycle.Definition.States.Select(s => (s.Name, s.Title.For(WebApp.Language(HttpContext))));

    public static readonly int[] PageSizes = [20, 50, 100];

    public const int DefaultPageSize = 50;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Severity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Zone { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Owner { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Overdue { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Open { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ClosedFrom { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? OnTime { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Dir { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Size { get; set; }

    public IReadOnlyList<FindingView> Findings { get; private set; } = [];

    public IReadOnlyList<(string Key, string Name)> Zones { get; private set; } = [];

    /// <summary>Each refused field and the text key of what to correct.</summary>
    public Dictionary<string, string> FieldErrors { get; } = new(StringComparer.Ordinal);

    public bool HasNext { get; private set; }

    public int CurrentPage => Pager.PageOf(Request);

    public int PageSize => Size is { } size && PageSizes.Contains(size) ? size : DefaultPageSize;

    public int FirstShown => ((CurrentPage - 1) * PageSize) + 1;

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        Zones = await findings.ZonesAsync(viewer, cancellationToken);

        // One more than a page tells whether a next page exists, without counting every match.
        var request = Search(viewer) with { Limit = PageSize + 1, Offset = (CurrentPage - 1) * PageSize };
        var result = await findings.HandleAsync(request, cancellationToken);
        if (result.Failure is Failure.Invalid invalid)
        {
            Refused(invalid);
            return;
        }

        var found = result.Succeeded ? result.Value : [];
        HasNext = found.Length > PageSize;
        Findings = [.. found.Take(PageSize)];
    }

    /// <summary>The list as it stands, every page, as CSV or XLSX with the hazard register's columns.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format)
    {
        var viewer = await viewers.ForAsync(User, HttpContext.RequestAborted);
        var result = await export.HandleAsync(new ExportFindingsRequest(Search(viewer), format), HttpContext.RequestAborted);
        if (result.Failure is Failure.Invalid invalid && !invalid.Errors.ContainsKey("format"))
        {
            // A search the list refuses comes back as the list, with the refusals at their fields.
            await OnGetAsync();
            return Page();
        }

        return result.Succeeded ? new StreamedDownload(result.Value) : result.Failure.ToActionResult();
    }

    /// <summary>This list's address with some values replaced (null removes one); page 1 unless a page is given.</summary>
    public string Link(IReadOnlyDictionary<string, string?> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["q"] = Blank(Text),
            ["state"] = Blank(State),
            ["severity"] = Blank(Severity),
            ["zone"] = Blank(Zone),
            ["category"] = Blank(Category),
            ["owner"] = Blank(Owner),
            ["overdue"] = Overdue == true ? "true" : null,
            ["open"] = Open == true ? "true" : null,
            ["from"] = Blank(From),
            ["to"] = Blank(To),
            ["closedFrom"] = Blank(ClosedFrom),
            ["onTime"] = OnTime == true ? "true" : null,
            ["sort"] = Blank(Sort),
            ["dir"] = Blank(Dir),
            ["size"] = Size is null ? null : PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in changes)
        {
            values[key] = value;
        }

        return "/findings" + QueryString.Create(values.Where(v => v.Value is not null));
    }

    private ListFindingsRequest Search(Viewer viewer) =>
        new ListFindingsRequest(
            Blank(State),
            Blank(Owner)?.Trim(),
            Blank(Zone),
            Overdue == true ? true : null,
            Severity is "general" or "major" ? Severity : null,
            PageSize,
            null,
            viewer,
            WebApp.Language(HttpContext))
        {
            Text = Blank(Text)?.Trim(),
            From = Blank(From),
            To = Blank(To),
            Category = Blank(Category),
            Open = Open == true ? true : null,
            ClosedFrom = Blank(ClosedFrom),
            OnTime = OnTime == true ? true : null,
            Sort = Sort is { } sort && FindingOrder.Sorts.Contains(sort) ? sort : null,
            Dir = Dir is "desc" ? "desc" : null,
        };

    private void Refused(Failure.Invalid invalid)
    {
        foreach (var field in invalid.Errors.Keys)
        {
            FieldErrors[field] = field switch
            {
                "q" => "search.textTooLong",
                "to" when FindingOrder.Day(To) is not null => "search.toBeforeFrom",
                "from" or "to" or "closedFrom" => "search.badDay",
                _ => "search.badValue",
            };
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>A streamed file as a download: headers first, then the rows as they are written.</summary>
    private sealed class StreamedDownload(StreamedReport report) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) =>
            TypedResults.Stream(body => report.WriteToAsync(body, context.HttpContext.RequestAborted), report.ContentType, report.FileName)
                .ExecuteAsync(context.HttpContext);
    }
}
