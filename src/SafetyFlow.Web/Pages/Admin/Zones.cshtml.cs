using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Org;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Pages.Admin;

public sealed record AssetRowView(string Key, string Name, string Type, string Owner, string OwnerUserName);

public sealed record ZoneRowView(
    string Key, string Name, string Unit, string UnitKey, string Member, string MemberUserName, string? Owner, string? OwnerUserName, IReadOnlyList<AssetRowView> Assets);

public sealed record UnitRowView(string Key, string Name, string? ParentKey);

/// <summary>A person to choose in a form: user name and display name.</summary>
public sealed record PersonChoice(string UserName, string DisplayName);

/// <summary>
/// A form on the page that was refused: which record (<c>unit</c>, <c>zone</c> or <c>asset</c> and its key), the values
/// as typed and the refusals by field.
/// </summary>
public sealed record RefusedForm(string Kind, string Key, IReadOnlyDictionary<string, string?> Values, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Is(string kind, string key) => Kind == kind && Key == key;
}

/// <summary>A zone to choose in a form: key and name.</summary>
public sealed record ZoneChoice(string Key, string Name);

/// <summary>
/// Units, zones and their assets, each with its edit form over the same use cases as <c>PUT /api/org/...</c>
/// (<see cref="EditUnit"/>, <see cref="EditZone"/>, <see cref="EditAsset"/>), and each zone's sign. A group has
/// thousands of zones and tens of thousands of assets: the zones come <see cref="PageSize"/> at a time, of one unit
/// (<c>?unit=</c>) or one zone (<c>?zone=</c>), and the people and zones to choose from are one list of each on the
/// page (a <c>datalist</c>), not a choice list in every form (a million-finding group's page held 106 million options).
/// </summary>
public sealed class ZonesModel(SafetyFlowDbContext db, EditUnit editUnit, EditZone editZone, EditAsset editAsset) : PageModel
{
    public const int PageSize = 20;

    public IReadOnlyList<UnitRowView> Units { get; private set; } = [];

    public IReadOnlyList<ZoneRowView> Zones { get; private set; } = [];

    /// <summary>Every zone, to choose an asset's zone from.</summary>
    public IReadOnlyList<ZoneChoice> ZoneChoices { get; private set; } = [];

    /// <summary>The unit whose zones are shown; every unit's when null.</summary>
    [BindProperty(SupportsGet = true, Name = "unit")]
    public string? UnitFilter { get; set; }

    /// <summary>The one zone shown, as after saving it or one of its assets.</summary>
    [BindProperty(SupportsGet = true, Name = "zone")]
    public string? ZoneFilter { get; set; }

    /// <summary>How many zones the filter matches.</summary>
    public int ZoneCount { get; private set; }

    public int CurrentPage => Pager.PageOf(Request);

    public bool HasNext => CurrentPage * PageSize < ZoneCount;

    /// <summary>This page's address with another page number, keeping the unit filter.</summary>
    public string PageLink(int page) =>
        $"/admin/zones?{(UnitFilter is null ? "" : $"unit={Uri.EscapeDataString(UnitFilter)}&")}page={Pager.Text(page)}";

    public IReadOnlyList<PersonChoice> Members { get; private set; } = [];

    public IReadOnlyList<PersonChoice> Owners { get; private set; } = [];

    public RefusedForm? Refused { get; private set; }

    /// <summary>A form's value: as typed when that form was refused, otherwise as stored.</summary>
    public string? Value(string kind, string key, string field, string? stored) =>
        Refused is { } refused && refused.Is(kind, key) ? refused.Values.GetValueOrDefault(field) : stored;

    public IReadOnlyDictionary<string, string[]> ErrorsOf(string kind, string key) =>
        Refused is { } refused && refused.Is(kind, key) ? refused.Errors : new Dictionary<string, string[]>();

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostUnitAsync(string key, string? name, string? parent) =>
        await AnswerAsync(await editUnit.HandleAsync(new EditUnitRequest(key, name, Blank(parent)), HttpContext.RequestAborted), "unit", key, null, "adminEdit.unitSaved",
            new Dictionary<string, string?> { ["name"] = name, ["parent"] = parent });

    public async Task<IActionResult> OnPostZoneAsync(string key, string? name, string? unit, string? member, string? owner) =>
        await AnswerAsync(await editZone.HandleAsync(new EditZoneRequest(key, name, unit, member, Blank(owner)), HttpContext.RequestAborted), "zone", key, key, "adminEdit.zoneSaved",
            new Dictionary<string, string?> { ["name"] = name, ["unit"] = unit, ["member"] = member, ["owner"] = owner });

    public async Task<IActionResult> OnPostAssetAsync(string key, string? name, string? type, string? zone, string? owner) =>
        await AnswerAsync(await editAsset.HandleAsync(new EditAssetRequest(key, name, type, zone, owner), HttpContext.RequestAborted), "asset", key,
            await db.Assets.Where(a => a.Key == key).Select(a => a.Zone!.Key).FirstOrDefaultAsync(HttpContext.RequestAborted), "adminEdit.assetSaved",
            new Dictionary<string, string?> { ["name"] = name, ["type"] = type, ["zone"] = zone, ["owner"] = owner });

    /// <summary>Saved: back to the record's zone (or unit). Refused: the record's zone with the form as typed.</summary>
    private async Task<IActionResult> AnswerAsync<T>(Result<T> result, string kind, string key, string? zoneKey, string doneText, Dictionary<string, string?> values)
    {
        switch (result.Failure)
        {
            case null:
                TempData["OrgSaved"] = doneText;
                TempData["OrgSavedKey"] = key;
                return Redirect(zoneKey is null ? $"/admin/zones#{kind}-{key}" : $"/admin/zones?zone={Uri.EscapeDataString(zoneKey)}#{kind}-{key}");
            case Failure.Invalid invalid:
                Refused = new RefusedForm(kind, key, values, invalid.Errors);
                (UnitFilter, ZoneFilter) = zoneKey is null ? (UnitFilter, ZoneFilter) : (null, zoneKey);
                await LoadAsync();
                return Page();
            default:
                return result.Failure.ToActionResult();
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private async Task LoadAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Key).Select(u => new { u.Id, u.Key, u.Name, u.ParentId }).ToListAsync(cancellationToken);
        var unitKeys = units.ToDictionary(u => u.Id, u => u.Key);
        Units = [.. units.Select(u => new UnitRowView(u.Key, u.Name, u.ParentId is { } parent ? unitKeys.GetValueOrDefault(parent) : null))];

        var shown = db.Zones.AsNoTracking();
        if (ZoneFilter is { } zoneKey)
        {
            shown = shown.Where(z => z.Key == zoneKey);
        }
        else if (UnitFilter is { } unitKey)
        {
            shown = shown.Where(z => z.Unit!.Key == unitKey);
        }

        ZoneCount = await shown.CountAsync(cancellationToken);
        var zones = await shown.OrderBy(z => z.Key)
            .Skip((CurrentPage - 1) * PageSize)
            .Take(PageSize)
            .Select(z => new
            {
                z.Id, z.Key, z.Name, Unit = z.Unit!.Name, UnitKey = z.Unit.Key, Member = z.Member!.DisplayName, MemberUserName = z.Member.UserName!,
                Owner = z.Owner == null ? null : z.Owner.DisplayName, OwnerUserName = z.Owner == null ? null : z.Owner.UserName,
            })
            .ToListAsync(cancellationToken);
        var zoneIds = zones.Select(z => z.Id).ToList();
        var assets = (await db.Assets.AsNoTracking().Where(a => zoneIds.Contains(a.ZoneId)).OrderBy(a => a.Key)
                .Select(a => new { a.ZoneId, a.Key, a.Name, a.Type, Owner = a.Owner!.DisplayName, OwnerUserName = a.Owner.UserName! })
                .ToListAsync(cancellationToken))
            .ToLookup(a => a.ZoneId, a => new AssetRowView(a.Key, a.Name, a.Type, a.Owner, a.OwnerUserName));
        Zones = [.. zones.Select(z => new ZoneRowView(z.Key, z.Name, z.Unit, z.UnitKey, z.Member, z.MemberUserName, z.Owner, z.OwnerUserName, [.. assets[z.Id]]))];
        ZoneChoices = await db.Zones.AsNoTracking().OrderBy(z => z.Key).Select(z => new ZoneChoice(z.Key, z.Name)).ToListAsync(cancellationToken);
        Members = await PeopleInRoleAsync(Role.Member, cancellationToken);
        Owners = await PeopleInRoleAsync(Role.Owner, cancellationToken);
    }

    private async Task<IReadOnlyList<PersonChoice>> PeopleInRoleAsync(Role role, CancellationToken cancellationToken)
    {
        var name = role.ToString();
        var ids = from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where r.Name == name select ur.UserId;
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).OrderBy(u => u.UserName)
            .Select(u => new { u.UserName, u.DisplayName, u.LockoutEnd }).ToListAsync(cancellationToken);
        return [.. people.Where(p => Domain.AppUser.IsActiveWith(p.LockoutEnd)).Select(p => new PersonChoice(p.UserName!, p.DisplayName))];
    }
}
