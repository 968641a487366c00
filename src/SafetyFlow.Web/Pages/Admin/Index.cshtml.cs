using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Org;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Admin;

/// <summary>Org import from an uploaded file, through the same use case as <c>POST /api/org/import</c>.</summary>
[RequestSizeLimit(16L * 1024 * 1024)]
public sealed class IndexModel(ImportOrg import) : PageModel
{
    public ImportCounts? Counts { get; private set; }

    public string? Message { get; private set; }

    /// <summary>Problems by row path, e.g. <c>users[2].unit</c>.</summary>
    public IReadOnlyList<(string Path, string[] Messages)> Errors { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? document)
    {
        var cancellationToken = HttpContext.RequestAborted;
        if (document is not { Length: > 0 })
        {
            Message = "admin.noFile";
            return Page();
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

        var result = await import.HandleAsync(parsed, cancellationToken);
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
