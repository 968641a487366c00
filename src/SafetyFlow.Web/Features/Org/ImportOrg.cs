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
    /// <summary>
    /// Checks the document's references and stores it, or answers every error of it: <paramref name="shapeErrors"/>
    /// (the validator's) with those of the references, found in the same pass. Rows whose shape is wrong take no part in
    /// the reference checks of the fields that are wrong, so one mistake is reported once.
    /// </summary>
    public async Task<(ImportCounts? Counts, IDictionary<string, string[]>? Errors)> ImportAsync(
        OrgDocument document, IReadOnlyDictionary<string, string[]>? shapeErrors, CancellationToken cancellationToken)
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
            var row = userRows.FirstOrDefault(u => string.Equals(u?.UserName, userName, StringComparison.OrdinalIgnoreCase));
            if (row is not null)
            {
                return row.Roles ?? [];
            }

            return people.TryGetValue(userName, out var person)
                ? storedRoles.Where(r => r.UserId == person.Id).Select(r => r.Name!).ToList()
                : [];
        }

        var errors = new ValidationErrors();
        foreach (var (path, messages) in shapeErrors ?? new Dictionary<string, string[]>())
        {
            foreach (var message in messages)
            {
                errors.Add(path, message);
            }
        }

        await CheckReferencesAsync(unitRows, userRows, zoneRows, assetRows, units, zones, people, RolesOf, errors);
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

    private async Task CheckReferencesAsync(
        IReadOnlyList<UnitRow> unitRows,
        IReadOnlyList<UserRow> userRows,
        IReadOnlyList<ZoneRow> zoneRows,
        IReadOnlyList<AssetRow> assetRows,
        Dictionary<string, Unit> units,
        Dictionary<string, Zone> zones,
        Dictionary<string, AppUser> people,
        Func<string, IReadOnlyCollection<string>> rolesOf,
        ValidationErrors errors)
    {
        var unitKeys = units.Keys.Concat(unitRows.Select(u => u?.Key).OfType<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var zoneKeys = zones.Keys.Concat(zoneRows.Select(z => z?.Key).OfType<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var userNames = people.Keys.Concat(userRows.Select(u => u?.UserName).OfType<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var parents = units.Values.ToDictionary(u => u.Key, u => units.Values.FirstOrDefault(p => p.Id == u.ParentId)?.Key, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < unitRows.Count; i++)
        {
            var row = unitRows[i];
            if (row?.Key is null)
            {
                continue;
            }

            if (row.Parent is not null && !unitKeys.Contains(row.Parent))
            {
                errors.Add($"units[{i}].parent", $"Unit '{row.Parent}' is neither in this document nor stored.");
            }

            parents[row.Key] = row.Parent;
        }

        for (var i = 0; i < unitRows.Count; i++)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var key = unitRows[i]?.Key; key is not null; key = parents.GetValueOrDefault(key))
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
            if (row?.UserName is null)
            {
                continue;
            }

            if (!string.IsNullOrEmpty(row.Unit) && !unitKeys.Contains(row.Unit))
            {
                errors.Add($"users[{i}].unit", $"Unit '{row.Unit}' is neither in this document nor stored.");
            }

            if (!people.ContainsKey(row.UserName))
            {
                if (string.IsNullOrEmpty(row.Password))
                {
                    errors.Add($"users[{i}].password", "A new user needs a password.");
                    continue;
                }
            }

            if (!string.IsNullOrEmpty(row.Password) && row.Password.Length <= 128)
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
            if (row is null)
            {
                continue;
            }

            if (!string.IsNullOrEmpty(row.Unit) && !unitKeys.Contains(row.Unit))
            {
                errors.Add($"zones[{i}].unit", $"Unit '{row.Unit}' is neither in this document nor stored.");
            }

            if (string.IsNullOrEmpty(row.Member))
            {
                // Refused by its shape already.
            }
            else if (!userNames.Contains(row.Member))
            {
                errors.Add($"zones[{i}].member", $"User '{row.Member}' is neither in this document nor stored.");
            }
            else if (!rolesOf(row.Member).Contains(nameof(Role.Member)))
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
            if (row is null)
            {
                continue;
            }

            if (!string.IsNullOrEmpty(row.Zone) && !zoneKeys.Contains(row.Zone))
            {
                errors.Add($"assets[{i}].zone", $"Zone '{row.Zone}' is neither in this document nor stored.");
            }

            if (string.IsNullOrEmpty(row.Owner))
            {
                // Refused by its shape already.
            }
            else if (!userNames.Contains(row.Owner))
            {
                errors.Add($"assets[{i}].owner", $"User '{row.Owner}' is neither in this document nor stored.");
            }
            else if (!rolesOf(row.Owner).Contains(nameof(Role.Owner)))
            {
                errors.Add($"assets[{i}].owner", $"User '{row.Owner}' does not hold the Owner role.");
            }
        }
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
            // A row its shape or references refused takes no part: its error is reported at its own field.
            if (assetRows[i] is { Key: not null and not "", Zone: not null and not "", Type: not null, Owner: not null and not "" } row)
            {
                final[row.Key] = (row.Zone, row.Type, row.Owner, i);
            }
        }

        var owned = zones.Values.Where(z => z.OwnerId is not null).Select(z => z.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rowOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < zoneRows.Count; i++)
        {
            if (zoneRows[i]?.Key is not { Length: > 0 } key)
            {
                continue;
            }

            rowOf[key] = i;
            if (string.IsNullOrEmpty(zoneRows[i].Owner))
            {
                owned.Remove(key);
            }
            else
            {
                owned.Add(key);
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
            var message = ZoneOwnerRule.Refusal(zone, group.Key.Type, owners);
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
/// An admin imports an organisation document: its rows' shape and their references against the document and the stored
/// records are checked in one pass, and everything is written in one transaction or nothing is. Every refusal names its row
/// (<c>users[2].unit</c>).
/// </summary>
public sealed class ImportOrg(IValidator<OrgDocument> validator, OrgImporter importer)
{
    private const string NothingStored = "The organisation document has errors; nothing was stored.";

    public Task<Result<ImportCounts>> HandleAsync(OrgDocument document, CancellationToken cancellationToken) =>
        ImportAsync(document, fileProblems: null, cancellationToken);

    /// <summary>
    /// Imports a filled workbook (<see cref="OrgWorkbook"/>) as the same document: every error of the file comes at once,
    /// named by sheet, row and column (<c>people row 7, unit</c>).
    /// </summary>
    public async Task<Result<ImportCounts>> HandleWorkbookAsync(Stream file, CancellationToken cancellationToken)
    {
        OrgWorkbookContent content;
        try
        {
            content = OrgWorkbook.Read(file);
        }
        catch (Exception e) when (e is DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or InvalidDataException or FormatException or System.Xml.XmlException or InvalidOperationException)
        {
            return new Failure.Invalid(new Dictionary<string, string[]> { ["file"] = ["The file is not an Excel workbook (.xlsx)."] }, NothingStored);
        }

        var result = await ImportAsync(content.Document, content.Problems, cancellationToken);
        if (result.Failure is not Failure.Invalid invalid)
        {
            return result;
        }

        var located = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (path, messages) in invalid.Errors)
        {
            var where = content.Locate(path);
            located[where] = located.TryGetValue(where, out var earlier) ? [.. earlier, .. messages] : messages;
        }

        return new Failure.Invalid(located, NothingStored);
    }

    private async Task<Result<ImportCounts>> ImportAsync(OrgDocument document, IReadOnlyDictionary<string, string[]>? fileProblems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);

        // One pass: the rows' shape and their references are reported together, so a file is corrected once.
        var shape = (await validator.ValidateAsync(document, cancellationToken)).ToDictionary();
        foreach (var path in NulCharacters.Paths(document, ""))
        {
            shape[path] = shape.TryGetValue(path, out var messages) ? [.. messages, NulCharacters.Message] : [NulCharacters.Message];
        }

        foreach (var (where, problems) in fileProblems ?? new Dictionary<string, string[]>())
        {
            shape[where] = problems;
        }

        try
        {
            var (counts, errors) = await importer.ImportAsync(document, shape.AsReadOnly(), cancellationToken);
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

/// <summary>The body of <c>PUT /api/org/units/{key}</c>.</summary>
public sealed record UnitFields(string? Name, string? Parent);

/// <summary>The body of <c>PUT /api/org/zones/{key}</c>.</summary>
public sealed record ZoneFields(string? Name, string? Unit, string? Member, string? Owner);

/// <summary>The body of <c>PUT /api/org/assets/{key}</c>.</summary>
public sealed record AssetFields(string? Name, string? Type, string? Zone, string? Owner);

/// <summary>The endpoints over <see cref="EditUnit"/>, <see cref="EditZone"/>, <see cref="EditAsset"/> and <see cref="OrgTemplate"/>.</summary>
internal static class OrgEditEndpoints
{
    public static async Task<Results<Ok<UnitView>, FailureHttpResult>> Unit(string key, UnitFields fields, EditUnit edit, CancellationToken cancellationToken) =>
        (await edit.HandleAsync(new EditUnitRequest(key, fields.Name, fields.Parent), cancellationToken)).ToHttp(view => TypedResults.Ok(view));

    public static async Task<Results<Ok<ZoneView>, FailureHttpResult>> Zone(string key, ZoneFields fields, EditZone edit, CancellationToken cancellationToken) =>
        (await edit.HandleAsync(new EditZoneRequest(key, fields.Name, fields.Unit, fields.Member, fields.Owner), cancellationToken)).ToHttp(view => TypedResults.Ok(view));

    public static async Task<Results<Ok<AssetView>, FailureHttpResult>> Asset(string key, AssetFields fields, EditAsset edit, CancellationToken cancellationToken) =>
        (await edit.HandleAsync(new EditAssetRequest(key, fields.Name, fields.Type, fields.Zone, fields.Owner), cancellationToken)).ToHttp(view => TypedResults.Ok(view));

    public static async Task<FileContentHttpResult> Template(OrgTemplate template, CancellationToken cancellationToken) =>
        TypedResults.File(await template.HandleAsync(cancellationToken), OrgWorkbook.ContentType, "safetyflow-organisation.xlsx");
}

public static class OrgEndpoints
{
    public static IEndpointRouteBuilder MapOrgEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/org").WithTags("Organisation").RequireAuthorization(Policies.Admin);
        group.MapPost("/import", ImportOrgEndpoint.Handle)
            .ProducesValidationProblem()
            .WithName("ImportOrg")
            .WithSummary("Upserts units, people, zones and assets; all or nothing.");
        group.MapGet("/template.xlsx", OrgEditEndpoints.Template)
            .WithName("OrgTemplate")
            .WithSummary("The organisation as an Excel workbook (units, people, zones, assets), to fill in and upload at /admin.");
        group.MapPut("/units/{key}", OrgEditEndpoints.Unit)
            .WithName("EditUnit").WithSummary("Renames a unit or moves it under another.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/zones/{key}", OrgEditEndpoints.Zone)
            .WithName("EditZone").WithSummary("Changes a zone's name, unit, inspecting member and zone owner.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/assets/{key}", OrgEditEndpoints.Asset)
            .WithName("EditAsset").WithSummary("Changes an asset's name, type, zone and owner.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
