using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Features.Org;

namespace SafetyFlow.Web.Pages.Admin;

/// <summary>Org import from an uploaded file, through the same validator and importer as <c>POST /api/org/import</c>.</summary>
[RequestSizeLimit(16L * 1024 * 1024)]
public sealed class IndexModel(OrgImporter importer, IValidator<OrgDocument> validator) : PageModel
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

        var validation = await validator.ValidateAsync(parsed, cancellationToken);
        if (!validation.IsValid)
        {
            Errors = [.. validation.Errors.GroupBy(e => e.PropertyName).Select(g => (g.Key, g.Select(e => e.ErrorMessage).ToArray()))];
            return Page();
        }

        var result = await ImportOrg.Handle(parsed, importer, cancellationToken);
        switch (result.Result)
        {
            case Microsoft.AspNetCore.Http.HttpResults.Ok<ImportCounts> ok:
                Counts = ok.Value;
                break;
            case Microsoft.AspNetCore.Http.HttpResults.ValidationProblem problem:
                Errors = [.. problem.ProblemDetails.Errors.Select(e => (e.Key, e.Value))];
                break;
        }

        return Page();
    }
}
