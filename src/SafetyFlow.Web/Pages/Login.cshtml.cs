using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Auth;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages;

/// <summary>Signs in with the same check, answer and rate limits as <c>POST /api/auth/token</c>, into a cookie.</summary>
[SignInAttempt]
public sealed class LoginModel(UserManager<AppUser> users, SignInCheck check) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password) || UserName.Length > 256 || Password.Length > 256)
        {
            Error = "login.missing";
            return Page();
        }

        var user = await check.CheckAsync(UserName, Password);
        if (user is null)
        {
            Error = "login.failed";
            return Page();
        }

        var claims = new List<Claim>
        {
            new(TokenClaims.Subject, user.Id.ToString()),
            new(TokenClaims.Name, user.UserName!),
            new(TokenClaims.Stamp, SessionStamp.Of(user.SecurityStamp)),
            new("display", string.IsNullOrEmpty(user.DisplayName) ? user.UserName! : user.DisplayName),
        };
        claims.AddRange((await users.GetRolesAsync(user)).Select(role => new Claim(TokenClaims.Role, role)));
        var identity = new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, TokenClaims.Name, TokenClaims.Role);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
