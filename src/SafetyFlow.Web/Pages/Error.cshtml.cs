using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SafetyFlow.Web.Pages;

/// <summary>
/// The page shown instead of an empty 401, 403 or 404 and instead of a failure, for every address outside <c>/api</c>
/// (see <c>ErrorPages</c>): in the product's look and the page's language, with the status kept.
/// It is re-run for whatever request failed, whatever its method, so it takes no anti-forgery token and needs no sign-in.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    /// <summary>The request's trace id, for a failure, so that a report can be matched with the log.</summary>
    public string? Reference { get; private set; }

    public IActionResult OnGet(int? code) => Show(code);

    public IActionResult OnPost(int? code) => Show(code);

    private PageResult Show(int? code)
    {
        var failed = HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null;

        // A request run again for its status says which one; the address's code only serves a link to the page itself
        // (the form of a refused POST is read again, and may be what was refused).
        code = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalStatusCode ?? code;
        Status = failed ? StatusCodes.Status500InternalServerError : code is >= 400 and <= 599 ? code.Value : StatusCodes.Status404NotFound;
        Reference = failed ? HttpContext.TraceIdentifier : null;
        Response.StatusCode = Status;

        // The language switch and the sign-in link go back to the address that failed, not to this page.
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is { } reExecuted
            ? reExecuted.OriginalPathBase + reExecuted.OriginalPath + reExecuted.OriginalQueryString
            : HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        ViewData["ReturnUrl"] = original;
        return Page();
    }
}
