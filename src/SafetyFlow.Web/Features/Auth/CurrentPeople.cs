using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Auth;

/// <summary>
/// The signed-in person as the database has them now. Every request with a cookie or a bearer token is checked here:
/// an unknown or deactivated person, or one whose security stamp changed since signing in, is refused; everyone else
/// acts with the roles they hold now, not those they held when the cookie or token was made.
/// </summary>
public sealed class CurrentPeople(SafetyFlowDbContext db)
{
    /// <summary>The saved language of the person this request's <see cref="RefreshAsync"/> found active; null before or without one.</summary>
    public string? SavedLanguage { get; private set; }

    /// <summary>The principal with the person's current roles, or null when it no longer stands for an active person.</summary>
    public async Task<ClaimsPrincipal?> RefreshAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity is not ClaimsIdentity identity || !Guid.TryParse(principal.FindFirstValue(TokenClaims.Subject), out var id))
        {
            return null;
        }

        // One round trip on every signed-in request: the stamp, the active state, the roles and the saved language together.
        var person = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new
            {
                u.SecurityStamp,
                u.LockoutEnd,
                u.Language,
                Roles = (from userRole in db.UserRoles
                         join role in db.Roles on userRole.RoleId equals role.Id
                         where userRole.UserId == u.Id
                         select role.Name).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (person is null || !AppUser.IsActiveWith(person.LockoutEnd) || principal.FindFirstValue(TokenClaims.Stamp) != SessionStamp.Of(person.SecurityStamp))
        {
            return null;
        }

        SavedLanguage = person.Language;
        var roles = person.Roles;
        var held = principal.FindAll(TokenClaims.Role).Select(c => c.Value).Order(StringComparer.Ordinal);
        if (held.SequenceEqual(roles.OfType<string>().Order(StringComparer.Ordinal)))
        {
            return principal;
        }

        var current = new ClaimsIdentity(
            identity.Claims.Where(c => c.Type != TokenClaims.Role).Select(c => new Claim(c.Type, c.Value, c.ValueType, c.Issuer))
                .Concat(roles.OfType<string>().Select(role => new Claim(TokenClaims.Role, role))),
            identity.AuthenticationType,
            TokenClaims.Name,
            TokenClaims.Role);
        return new ClaimsPrincipal(current);
    }
}

/// <summary>Checks the sign-in cookie against the database on every request (<see cref="CurrentPeople"/>).</summary>
internal sealed class SessionCookieEvents(CurrentPeople people) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = context.Principal is null ? null : await people.RefreshAsync(context.Principal, context.HttpContext.RequestAborted);
        if (current is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        else if (!ReferenceEquals(current, context.Principal))
        {
            // The roles changed: the cookie is written again with the current ones.
            context.ReplacePrincipal(current);
            context.ShouldRenew = true;
        }
    }
}

/// <summary>Checks a bearer token's person against the database on every request (<see cref="CurrentPeople"/>).</summary>
internal sealed class BearerTokenEvents(CurrentPeople people) : JwtBearerEvents
{
    public override async Task TokenValidated(TokenValidatedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = context.Principal is null ? null : await people.RefreshAsync(context.Principal, context.HttpContext.RequestAborted);
        if (current is null)
        {
            context.Fail("The token's person is unknown, deactivated or signed in again since.");
            return;
        }

        context.Principal = current;
    }
}
