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
        var rows = await Standing(db, id).ToListAsync(cancellationToken);
        var person = rows.FirstOrDefault();
        if (person is null || !AppUser.IsActiveWith(person.LockoutEnd) || principal.FindFirstValue(TokenClaims.Stamp) != SessionStamp.Of(person.SecurityStamp))
        {
            return null;
        }

        SavedLanguage = person.Language;
        var roles = rows.Select(r => r.Role).OfType<string>().ToList();
        var held = principal.FindAll(TokenClaims.Role).Select(c => c.Value).Order(StringComparer.Ordinal);
        if (held.SequenceEqual(roles.Order(StringComparer.Ordinal)))
        {
            return principal;
        }

        var current = new ClaimsIdentity(
            identity.Claims.Where(c => c.Type != TokenClaims.Role).Select(c => new Claim(c.Type, c.Value, c.ValueType, c.Issuer))
                .Concat(roles.Select(role => new Claim(TokenClaims.Role, role))),
            identity.AuthenticationType,
            TokenClaims.Name,
            TokenClaims.Role);
        return new ClaimsPrincipal(current);
    }

    /// <summary>
    /// The person's stamp, lockout and language, a row for each role they hold (one with no role when they hold none).
    /// Joined flat, each table through its key: the roles read as a collection were joined as a subquery, which SQLite
    /// made whole, every person's roles, on every request.
    /// </summary>
    internal static IQueryable<PersonStanding> Standing(SafetyFlowDbContext db, Guid id) =>
        from user in db.Users.AsNoTracking()
        where user.Id == id
        from held in db.UserRoles.Where(r => r.UserId == user.Id).DefaultIfEmpty()
        from role in db.Roles.Where(r => r.Id == held!.RoleId).DefaultIfEmpty()
        select new PersonStanding(user.SecurityStamp, user.LockoutEnd, user.Language, role!.Name);
}

/// <summary>A person as every signed-in request checks them, with one of the roles they hold (null when none).</summary>
internal sealed record PersonStanding(string? SecurityStamp, DateTimeOffset? LockoutEnd, string? Language, string? Role);

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
