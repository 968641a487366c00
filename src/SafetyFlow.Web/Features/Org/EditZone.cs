using FluentValidation;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Org;

/// <summary>
/// A zone's name, unit (a key), inspecting member and zone owner (user names; no owner leaves the findings on items asked
/// once per zone visit to the single owner of the zone's assets of the checklist's type).
/// </summary>
public sealed record EditZoneRequest(string Key, string? Name, string? Unit, string? Member, string? Owner);

/// <summary>A zone as the admin pages and the API show it.</summary>
public sealed record ZoneView(string Key, string Name, string Unit, string Member, string? Owner);

internal sealed class EditZoneValidator : AbstractValidator<EditZoneRequest>
{
    public EditZoneValidator()
    {
        RuleFor(r => r.Key).NotEmpty().MaximumLength(64).WithoutNul();
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200).WithoutNul();
        RuleFor(r => r.Unit).NotEmpty().MaximumLength(64).WithoutNul();
        RuleFor(r => r.Member).NotEmpty().MaximumLength(256).WithoutNul();
        RuleFor(r => r.Owner).MaximumLength(256).WithoutNul();
    }
}

/// <summary>
/// An admin renames a zone, moves it to another unit, gives it another inspecting member (an active person holding the
/// Member role) or another zone owner (one holding the Owner role). Every refusal comes at once, at its field. Findings
/// raised before keep their owner and the unit they were raised in.
/// </summary>
public sealed class EditZone(IValidator<EditZoneRequest> validator, SafetyFlowDbContext db, WorkflowRegistry workflows)
{
    public async Task<Result<ZoneView>> HandleAsync(EditZoneRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var zone = await db.Zones.SingleOrDefaultAsync(z => z.Key == request.Key, cancellationToken);
        if (zone is null)
        {
            return new Failure.NotFound();
        }

        var errors = new ValidationErrors();
        var unit = await db.Units.SingleOrDefaultAsync(u => u.Key == request.Unit, cancellationToken);
        if (unit is null)
        {
            errors.Add("unit", $"No unit '{request.Unit}'.");
        }

        var member = await OrgPeople.WithRoleAsync(db, request.Member!, Role.Member, "member", errors, cancellationToken);
        var owner = string.IsNullOrEmpty(request.Owner) ? null : await OrgPeople.WithRoleAsync(db, request.Owner, Role.Owner, "owner", errors, cancellationToken);
        if (owner is null && !errors.Has("owner"))
        {
            await ZoneOwnerRule.CheckAsync(db, workflows, zone.Id, zone.Key, zoneOwner: null, changed: null, onlyType: null, "owner", errors, cancellationToken);
        }

        if (errors.Any)
        {
            return OrgRefusal.From(errors);
        }

        zone.Name = request.Name!.Trim();
        zone.UnitId = unit!.Id;
        zone.MemberId = member!.Value;
        zone.OwnerId = owner;
        await db.SaveChangesAsync(cancellationToken);
        return new ZoneView(zone.Key, zone.Name, unit.Key, request.Member!, string.IsNullOrEmpty(request.Owner) ? null : request.Owner);
    }
}

/// <summary>People named in organisation forms by user name.</summary>
internal static class OrgPeople
{
    /// <summary>The id of the active person <paramref name="userName"/> holding <paramref name="role"/>; otherwise null, with the refusal at <paramref name="field"/>.</summary>
    public static async Task<Guid?> WithRoleAsync(SafetyFlowDbContext db, string userName, Role role, string field, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var normalized = userName.Trim().ToUpperInvariant();
        var person = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized)
            .Select(u => new { u.Id, u.LockoutEnd })
            .SingleOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            errors.Add(field, Ui.FormatIn("org.noPerson", Ui.RequestLanguage, userName));
            return null;
        }

        if (!AppUser.IsActiveWith(person.LockoutEnd))
        {
            errors.Add(field, Ui.FormatIn("org.deactivated", Ui.RequestLanguage, userName));
            return null;
        }

        var name = role.ToString();
        var holds = await (from userRole in db.UserRoles
                           join r in db.Roles on userRole.RoleId equals r.Id
                           where userRole.UserId == person.Id && r.Name == name
                           select userRole.UserId).AnyAsync(cancellationToken);
        if (!holds)
        {
            errors.Add(field, Ui.FormatIn("org.lacksRole", Ui.RequestLanguage, userName, Ui.Text("adminEdit.role." + name, Ui.RequestLanguage)));
            return null;
        }

        return person.Id;
    }
}
