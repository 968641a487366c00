using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SafetyFlow.Web.Pages;

/// <summary>Each role lands on its main list.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(
        User.IsInRole("Member") ? "/inspections"
        : User.IsInRole("Owner") ? "/findings/mine"
        : User.IsInRole("Supervisor") ? "/review"
        : User.IsInRole("SafetyOffice") ? "/office"
        : User.IsInRole("Admin") ? "/admin"
        : "/findings");
}
