using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages;

/// <summary>Switches the page language; the choice is kept in a cookie and, when signed in, as the person's language for messages.</summary>
public sealed class LanguageModel(SafetyFlowDbContext db) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl)
    {
        var chosen = WebApp.Cultures.FirstOrDefault(c => c.Name == culture)?.Name ?? "zh-CN";
        Remember(Response, chosen);
        if (User.Identity?.IsAuthenticated == true && Guid.TryParse(User.FindFirst(TokenClaims.Subject)?.Value, out var userId))
        {
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.Language, chosen), HttpContext.RequestAborted);
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }

    public static void Remember(HttpResponse response, string culture)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Append(
            WebApp.CultureCookie,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
    }
}
