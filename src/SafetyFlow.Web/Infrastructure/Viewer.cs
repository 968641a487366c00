using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// The signed-in person, with what their roles let them see. <paramref name="SupervisesEveryUnit"/>: a supervisor whose
/// unit has every unit of the organisation below it (the group's leadership, at the head office).
/// </summary>
public sealed record Viewer(Guid UserId, string UserName, IReadOnlySet<Role> Roles, IReadOnlySet<Guid> SupervisedUnits, bool SupervisesEveryUnit = false)
{
    public bool Is(Role role) => Roles.Contains(role);

    /// <summary>
    /// Every zone, inspection and finding is theirs to see: the safety office's and admins' by their role, and a
    /// supervisor's of every unit as every zone is in one of their units. Read as such, their lists need no filter by
    /// zone, which over every zone of a whole group made each page read hundreds of thousands of findings through
    /// their zones.
    /// </summary>
    public bool SeesEverything => Is(Role.SafetyOffice) || Is(Role.Admin) || (Is(Role.Supervisor) && SupervisesEveryUnit);

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
        var (supervised, everyUnit) = roles.Contains(Role.Supervisor)
            ? await SupervisedAsync(userId, cancellationToken)
            : ([], false);
        return new Viewer(userId, principal.FindFirstValue(TokenClaims.Name) ?? "", roles, supervised, everyUnit);
    }

    /// <summary>The supervisor's unit and every unit below it.</summary>
    public async Task<HashSet<Guid>> SupervisedUnitsAsync(Guid userId, CancellationToken cancellationToken) =>
        (await SupervisedAsync(userId, cancellationToken)).Units;

    /// <summary>The supervisor's unit and every unit below it, and whether that is every unit there is.</summary>
    private async Task<(HashSet<Guid> Units, bool EveryUnit)> SupervisedAsync(Guid userId, CancellationToken cancellationToken)
    {
        var unitId = await db.Users.Where(u => u.Id == userId).Select(u => u.UnitId).SingleOrDefaultAsync(cancellationToken);
        if (unitId is null)
        {
            return ([], false);
        }

        var tree = await UnitTree.LoadAsync(db, cancellationToken);
        var units = tree.AndBelow(unitId.Value);
        return (units, tree.AreAll(units));
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
