using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>The signed-in person, with what their roles let them see.</summary>
public sealed record Viewer(Guid UserId, string UserName, IReadOnlySet<Role> Roles, IReadOnlySet<Guid> SupervisedUnits)
{
    public bool Is(Role role) => Roles.Contains(role);

    public bool SeesEverything => Is(Role.SafetyOffice) || Is(Role.Admin);

    public bool Supervises(Guid unitId) => Is(Role.Supervisor) && SupervisedUnits.Contains(unitId);

    public FindingActor ActorOn(Finding finding, Guid zoneUnitId) =>
        new(UserId, UserName, Roles, SupervisesZone: Supervises(zoneUnitId));
}

/// <summary>Builds the <see cref="Viewer"/> for a request from its token and the unit tree.</summary>
public sealed class ViewerFactory(SafetyFlowDbContext db)
{
    public async Task<Viewer> ForAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var userId = Guid.Parse(principal.FindFirstValue(TokenClaims.Subject)!);
        var roles = principal.FindAll(TokenClaims.Role)
            .Select(c => Enum.TryParse<Role>(c.Value, out var role) ? role : (Role?)null)
            .OfType<Role>()
            .ToHashSet();
        var supervised = roles.Contains(Role.Supervisor)
            ? await SupervisedUnitsAsync(userId, cancellationToken)
            : [];
        return new Viewer(userId, principal.FindFirstValue(TokenClaims.Name) ?? "", roles, supervised);
    }

    /// <summary>The supervisor's unit and every unit below it.</summary>
    public async Task<HashSet<Guid>> SupervisedUnitsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var unitId = await db.Users.Where(u => u.Id == userId).Select(u => u.UnitId).SingleOrDefaultAsync(cancellationToken);
        if (unitId is null)
        {
            return [];
        }

        return (await UnitTree.LoadAsync(db, cancellationToken)).AndBelow(unitId.Value);
    }
}

/// <summary>Claim names in SafetyFlow's access tokens.</summary>
public static class TokenClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";

    /// <summary>A digest of the person's security stamp when signed in; a changed stamp (deactivation) ends the session.</summary>
    public const string Stamp = "stamp";
}
