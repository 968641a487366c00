using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Org;

/// <summary>
/// Upserts an organisation document, all or nothing: references are checked against the document and the stored
/// records first, and everything is written in one transaction.
/// </summary>
public sealed class OrgImporter(SafetyFlowDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, WorkflowRegistry workflows)
{
    public async Task<(ImportCounts? Counts, IDictionary<string, string[]>? Errors)> ImportAsync(OrgDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var unitRows = document.Units ?? [];
        var userRows = document.Users ?? [];
        var zoneRows = document.Zones ?? [];
        var assetRows = document.Assets ?? [];

        var units = await db.Units.ToDictionaryAsync(u => u.Key, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var zones = await db.Zones.ToDictionaryAsync(z => z.Key, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var assets = await db.Assets.ToDictionaryAsync(a => a.Key, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var people = await db.Users.ToDictionaryAsync(u => u.UserName!, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var storedRoles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);

        IReadOnlyCollection<string> RolesOf(string userName)
        {
            var row = userRows.FirstOrDefault(u => string.Equals(u.UserName, userName, StringComparison.OrdinalIgnoreCase));
            if (row is not null)
            {
                return row.Roles ?? [];
            }

            return people.TryGetValue(userName, out var person)
                ? storedRoles.Where(r => r.UserId == person.Id).Select(r => r.Name!).ToList()
                : [];
        }

        var errors = await CheckReferencesAsync(unitRows, userRows, zoneRows, assetRows, units, zones, people, RolesOf);
        CheckZoneOwners(zoneRows, assetRows, zones, assets, people, errors);

        if (errors.Any)
        {
            return (null, errors.ToDictionary());
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        foreach (var row in unitRows)
        {
            if (units.TryGetValue(row.Key!, out var unit))
            {
                unit.Name = row.Name!;
            }
            else
            {
                units[row.Key!] = db.Units.Add(new Unit { Key = row.Key!, Name = row.Name! }).Entity;
            }
        }

        foreach (var row in unitRows)
        {
            units[row.Key!].ParentId = row.Parent is null ? null : units[row.Parent].Id;
        }

        await db.SaveChangesAsync(cancellationToken);

        foreach (var role in Enum.GetNames<Role>())
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Ensure(await roles.CreateAsync(new IdentityRole<Guid>(role)), "roles");
            }
        }

        for (var i = 0; i < userRows.Count; i++)
        {
            var row = userRows[i];
            var isNew = !people.TryGetValue(row.UserName!, out var person);
            person ??= new AppUser { UserName = row.UserName };
            person.DisplayName = row.DisplayName!;
            person.Email = row.Email;
            person.PhoneNumber = row.Phone;
            person.UnitId = units[row.Unit!].Id;
            person.Language = row.Language ?? person.Language;
            if (isNew)
            {
                Ensure(await users.CreateAsync(person, row.Password!), $"users[{i}]");
                people[row.UserName!] = person;
            }
            else
            {
                Ensure(await users.UpdateAsync(person), $"users[{i}]");
                if (!string.IsNullOrEmpty(row.Password))
                {
                    Ensure(await users.RemovePasswordAsync(person), $"users[{i}].password");
                    Ensure(await users.AddPasswordAsync(person, row.Password), $"users[{i}].password");
                }
            }

            var current = await users.GetRolesAsync(person);
            var wanted = row.Roles!.Distinct().ToList();
            Ensure(await users.RemoveFromRolesAsync(person, current.Except(wanted)), $"users[{i}].roles");
            Ensure(await users.AddToRolesAsync(person, wanted.Except(current)), $"users[{i}].roles");
        }

        foreach (var row in zoneRows)
        {
            if (!zones.TryGetValue(row.Key!, out var zone))
            {
                zone = db.Zones.Add(new Zone { Key = row.Key!, Name = row.Name! }).Entity;
                zones[row.Key!] = zone;
            }

            zone.Name = row.Name!;
            zone.UnitId = units[row.Unit!].Id;
            zone.MemberId = people[row.Member!].Id;
            zone.OwnerId = string.IsNullOrEmpty(row.Owner) ? null : people[row.Owner].Id;
        }

        foreach (var row in assetRows)
        {
            if (!assets.TryGetValue(row.Key!, out var asset))
            {
                asset = db.Assets.Add(new Asset { Key = row.Key!, Name = row.Name!, Type = row.Type! }).Entity;
                assets[row.Key!] = asset;
            }

            asset.Name = row.Name!;
            asset.Type = row.Type!;
            asset.ZoneId = zones[row.Zone!].Id;
            asset.OwnerId = people[row.Owner!].Id;
            asset.Attributes = row.AttributeText();
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (new ImportCounts(unitRows.Count, userRows.Count, zoneRows.Count, assetRows.Count), null);
    }

    private async Task<ValidationErrors> CheckReferencesAsync(
        IReadOnlyList<UnitRow> unitRows,
        IReadOnlyList<UserRow> userRows,
        IReadOnlyList<ZoneRow> zoneRows,
        IReadOnlyList<AssetRow> assetRows,
        Dictionary<string, Unit> units,
        Dictionary<string, Zone> zones,
        Dictionary<string, AppUser> people,
        Func<string, IReadOnlyCollection<string>> rolesOf)
    {
        var errors = new ValidationErrors();
        var unitKeys = units.Keys.Concat(unitRows.Select(u => u.Key!)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var zoneKeys = zones.Keys.Concat(zoneRows.Select(z => z.Key!)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var userNames = people.Keys.Concat(userRows.Select(u => u.UserName!)).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var parents = units.Values.ToDictionary(u => u.Key, u => units.Values.FirstOrDefault(p => p.Id == u.ParentId)?.Key, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < unitRows.Count; i++)
        {
            var row = unitRows[i];
            if (row.Parent is not null && !unitKeys.Contains(row.Parent))
            {
                errors.Add($"units[{i}].parent", $"Unit '{row.Parent}' is neither in this document nor stored.");
            }

            parents[row.Key!] = row.Parent;
        }

        for (var i = 0; i < unitRows.Count; i++)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var key = unitRows[i].Key; key is not null; key = parents.GetValueOrDefault(key))
            {
                if (!seen.Add(key))
                {
                    errors.Add($"units[{i}].parent", $"Unit '{unitRows[i].Key}' would be its own ancestor.");
                    break;
                }
            }
        }

        for (var i = 0; i < userRows.Count; i++)
        {
            var row = userRows[i];
            if (!unitKeys.Contains(row.Unit!))
            {
                errors.Add($"users[{i}].unit", $"Unit '{row.Unit}' is neither in this document nor stored.");
            }

            if (!people.ContainsKey(row.UserName!))
            {
                if (string.IsNullOrEmpty(row.Password))
                {
                    errors.Add($"users[{i}].password", "A new user needs a password.");
                    continue;
                }
            }

            if (!string.IsNullOrEmpty(row.Password))
            {
                foreach (var validator in users.PasswordValidators)
                {
                    var result = await validator.ValidateAsync(users, new AppUser { UserName = row.UserName }, row.Password);
                    foreach (var error in result.Errors)
                    {
                        errors.Add($"users[{i}].password", error.Description);
                    }
                }
            }
        }

        for (var i = 0; i < zoneRows.Count; i++)
        {
            var row = zoneRows[i];
            if (!unitKeys.Contains(row.Unit!))
            {
                errors.Add($"zones[{i}].unit", $"Unit '{row.Unit}' is neither in this document nor stored.");
            }

            if (!userNames.Contains(row.Member!))
            {
                errors.Add($"zones[{i}].member", $"User '{row.Member}' is neither in this document nor stored.");
            }
            else if (!rolesOf(row.Member!).Contains(nameof(Role.Member)))
            {
                errors.Add($"zones[{i}].member", $"User '{row.Member}' does not hold the Member role.");
            }

            if (string.IsNullOrEmpty(row.Owner))
            {
                continue;
            }

            if (!userNames.Contains(row.Owner))
            {
                errors.Add($"zones[{i}].owner", $"User '{row.Owner}' is neither in this document nor stored.");
            }
            else if (!rolesOf(row.Owner).Contains(nameof(Role.Owner)))
            {
                errors.Add($"zones[{i}].owner", $"User '{row.Owner}' does not hold the Owner role.");
            }
        }

        for (var i = 0; i < assetRows.Count; i++)
        {
            var row = assetRows[i];
            if (!zoneKeys.Contains(row.Zone!))
            {
                errors.Add($"assets[{i}].zone", $"Zone '{row.Zone}' is neither in this document nor stored.");
            }

            if (!userNames.Contains(row.Owner!))
            {
                errors.Add($"assets[{i}].owner", $"User '{row.Owner}' is neither in this document nor stored.");
            }
            else if (!rolesOf(row.Owner!).Contains(nameof(Role.Owner)))
            {
                errors.Add($"assets[{i}].owner", $"User '{row.Owner}' does not hold the Owner role.");
            }
        }

        return errors;
    }

    /// <summary>
    /// Every zone left without an owner by the import must have one owner of its assets of each type whose checklist asks
    /// items once per zone, who then receives those findings; where they have several, the zone is named and its
    /// <c>owner</c> asked for: at <c>zones[i].owner</c>, or at the zone's first asset row when the zone itself is not in
    /// the document. Zones the document does not touch are left as they are stored.
    /// </summary>
    private void CheckZoneOwners(
        IReadOnlyList<ZoneRow> zoneRows,
        IReadOnlyList<AssetRow> assetRows,
        Dictionary<string, Zone> zones,
        Dictionary<string, Asset> assets,
        Dictionary<string, AppUser> people,
        ValidationErrors errors)
    {
        var zoneItemTypes = workflows.Current.Inspections.Where(w => w.ZoneItems.Any()).Select(w => w.AssetType).ToHashSet(StringComparer.Ordinal);
        if (zoneItemTypes.Count == 0)
        {
            return;
        }

        var names = people.Values.ToDictionary(p => p.Id, p => p.UserName!);
        var zoneKeys = zones.Values.ToDictionary(z => z.Id, z => z.Key);

        // The assets as they will be once the document is stored: the stored ones, then each row over its key.
        var final = assets.Values.ToDictionary(
            a => a.Key,
            a => (Zone: zoneKeys[a.ZoneId], a.Type, Owner: names.GetValueOrDefault(a.OwnerId, ""), Row: (int?)null),
            StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < assetRows.Count; i++)
        {
            var row = assetRows[i];
            final[row.Key!] = (row.Zone!, row.Type!, row.Owner!, i);
        }

        var owned = zones.Values.Where(z => z.OwnerId is not null).Select(z => z.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rowOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < zoneRows.Count; i++)
        {
            rowOf[zoneRows[i].Key!] = i;
            if (string.IsNullOrEmpty(zoneRows[i].Owner))
            {
                owned.Remove(zoneRows[i].Key!);
            }
            else
            {
                owned.Add(zoneRows[i].Key!);
            }
        }

        var groups = final.Values
            .Where(a => zoneItemTypes.Contains(a.Type) && !owned.Contains(a.Zone))
            .GroupBy(a => (Zone: a.Zone.ToUpperInvariant(), a.Type))
            .Where(g => g.Select(a => a.Owner).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1)

            // Only what this document touches: a zone stored so before is not the document's to fix.
            .Where(g => rowOf.ContainsKey(g.First().Zone) || g.Any(a => a.Row is not null));
        foreach (var group in groups.OrderBy(g => g.Key.Zone, StringComparer.Ordinal).ThenBy(g => g.Key.Type, StringComparer.Ordinal))
        {
            var zone = group.First().Zone;
            var owners = string.Join(", ", group.Select(a => a.Owner).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase));
            var message = $"Zone '{zone}' has {group.Key.Type} assets of several owners ({owners}) and its {group.Key.Type} checklist asks items once per zone: name the zone's owner, who receives those findings.";
            var path = rowOf.TryGetValue(zone, out var zoneRow)
                ? $"zones[{zoneRow}].owner"
                : $"assets[{group.Where(a => a.Row is not null).Min(a => a.Row)}].owner";
            errors.Add(path, message);
        }
    }

    private static void Ensure(IdentityResult result, string path)
    {
        if (!result.Succeeded)
        {
            throw new OrgImportException(path, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

/// <summary>An identity store refusal met while writing; the transaction is rolled back.</summary>
public sealed class OrgImportException(string path, string message) : Exception(message)
{
    public string Path { get; } = path;
}

/// <summary>
/// An admin imports an organisation document: its rows' shape is checked, then their references against the document and
/// the stored records, and everything is written in one transaction or nothing is. Every refusal names its row
/// (<c>users[2].unit</c>).
/// </summary>
public sealed class ImportOrg(IValidator<OrgDocument> validator, OrgImporter importer)
{
    private const string NothingStored = "The organisation document has errors; nothing was stored.";

    public async Task<Result<ImportCounts>> HandleAsync(OrgDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (await validator.RefusalAsync(document, cancellationToken) is { } refusal)
        {
            return refusal with { Title = NothingStored };
        }

        try
        {
            var (counts, errors) = await importer.ImportAsync(document, cancellationToken);
            return errors is null ? counts! : new Failure.Invalid(errors.AsReadOnly(), NothingStored);
        }
        catch (OrgImportException e)
        {
            return new Failure.Invalid(new Dictionary<string, string[]> { [e.Path] = [e.Message] }, NothingStored);
        }
    }
}

/// <summary>The endpoint over <see cref="ImportOrg"/>.</summary>
internal static class ImportOrgEndpoint
{
    public static async Task<Results<Ok<ImportCounts>, FailureHttpResult>> Handle(OrgDocument document, ImportOrg import, CancellationToken cancellationToken)
    {
        var result = await import.HandleAsync(document, cancellationToken);
        return result.ToHttp(counts => TypedResults.Ok(counts));
    }
}

public static class OrgEndpoints
{
    public static IEndpointRouteBuilder MapOrgEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/org").WithTags("Organisation").RequireAuthorization(Policies.Admin);
        group.MapPost("/import", ImportOrgEndpoint.Handle)
            .Validate<OrgDocument>()
            .WithName("ImportOrg")
            .WithSummary("Upserts units, people, zones and assets; all or nothing.");
        return app;
    }
}
