using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Org;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Admin;

/// <summary>
/// Org import from an uploaded file, JSON or the Excel template, through the same use case as <c>POST /api/org/import</c>;
/// and the template itself, with the organisation as stored.
/// </summary>
[RequestSizeLimit(16L * 1024 * 1024)]
public sealed class IndexModel(ImportOrg import, OrgTemplate template) : PageModel
{
    public ImportCounts? Counts { get; private set; }

    public string? Message { get; private set; }

    /// <summary>Problems by row path, e.g. <c>users[2].unit</c>.</summary>
    public IReadOnlyList<(string Path, string[] Messages)> Errors { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnGetTemplateAsync() =>
        File(await template.HandleAsync(HttpContext.RequestAborted), OrgWorkbook.ContentType, "safetyflow-organisation.xlsx");

    public async Task<IActionResult> OnPostAsync(IFormFile? document)
    {
        var cancellationToken = HttpContext.RequestAborted;
        if (document is not { Length: > 0 })
        {
            Message = "admin.noFile";
            return Page();
        }

        if (await IsWorkbookAsync(document))
        {
            await using var file = document.OpenReadStream();
            using var buffered = new MemoryStream();
            await file.CopyToAsync(buffered, cancellationToken);
            buffered.Position = 0;
            return Show(await import.HandleWorkbookAsync(buffered, cancellationToken));
        }

        OrgDocument? parsed;
        try
        {
            await using var stream = document.OpenReadStream();
            parsed = await JsonSerializer.DeserializeAsync<OrgDocument>(stream, JsonSerializerOptions.Web, cancellationToken);
        }
        catch (JsonException e)
        {
            Message = "admin.notJson";
            Errors = [(e.Path ?? "$", [$"line {e.LineNumber + 1}"])];
            return Page();
        }

        if (parsed is null)
        {
            Message = "admin.notJson";
            return Page();
        }

        return Show(await import.HandleAsync(parsed, cancellationToken));
    }

    /// <summary>An .xlsx is a zip package: its name says so, or its first bytes do.</summary>
    private static async Task<bool> IsWorkbookAsync(IFormFile document)
    {
        if (document.FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        await using var stream = document.OpenReadStream();
        var head = new byte[2];
        return await stream.ReadAsync(head) == 2 && head[0] == (byte)'P' && head[1] == (byte)'K';
    }

    private IActionResult Show(Result<ImportCounts> result)
    {
        switch (result.Failure)
        {
            case null:
                Counts = result.Value;
                return Page();
            case Failure.Invalid invalid:
                Errors = [.. invalid.Errors.Select(e => (e.Key, e.Value))];
                return Page();
            default:
                return result.Failure.ToActionResult();
        }
    }
}
