using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Org;

/// <summary>
/// The Excel template of the organisation (<see cref="OrgWorkbook"/>): its four sheets with their header rows, filled
/// with the organisation as stored, passwords left empty (an existing person keeps theirs). Uploaded unchanged, it
/// changes nothing.
/// </summary>
public sealed class OrgTemplate(SafetyFlowDbContext db)
{
    public async Task<byte[]> HandleAsync(CancellationToken cancellationToken)
    {
        var units = await db.Units.AsNoTracking().Select(u => new { u.Id, u.Key, u.Name, u.ParentId }).ToListAsync(cancellationToken);
        var unitKeys = units.ToDictionary(u => u.Id, u => u.Key);
        var roles = (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(cancellationToken))
            .ToLookup(r => r.UserId, r => r.Name!);
        var people = await db.Users.AsNoTracking().OrderBy(u => u.UserName)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.PhoneNumber, u.Email, u.UnitId, u.Language })
            .ToListAsync(cancellationToken);
        var names = people.ToDictionary(p => p.Id, p => p.UserName!);
        var zones = await db.Zones.AsNoTracking().OrderBy(z => z.Key).Select(z => new { z.Id, z.Key, z.Name, z.UnitId, z.MemberId, z.OwnerId }).ToListAsync(cancellationToken);
        var zoneKeys = zones.ToDictionary(z => z.Id, z => z.Key);
        var assets = await db.Assets.AsNoTracking().OrderBy(a => a.Key).ToListAsync(cancellationToken);

        // Parents before children, so the sheet reads top down.
        var ordered = new List<UnitRow>();
        var placed = new HashSet<Guid>();
        while (placed.Count < units.Count)
        {
            var next = units.Where(u => !placed.Contains(u.Id) && (u.ParentId is null || placed.Contains(u.ParentId.Value) || !unitKeys.ContainsKey(u.ParentId.Value)))
                .OrderBy(u => u.Key, StringComparer.Ordinal).ToList();
            if (next.Count == 0)
            {
                break;
            }

            foreach (var unit in next)
            {
                placed.Add(unit.Id);
                ordered.Add(new UnitRow(unit.Key, unit.Name, unit.ParentId is { } parent ? unitKeys.GetValueOrDefault(parent) : null));
            }
        }

        var document = new OrgDocument(
            ordered,
            [.. people.Where(p => p.UnitId is not null).Select(p => new UserRow(
                p.UserName, p.DisplayName, p.PhoneNumber, p.Email, null,
                [.. roles[p.Id].Where(r => Enum.GetNames<Role>().Contains(r, StringComparer.Ordinal)).Order(StringComparer.Ordinal)],
                unitKeys.GetValueOrDefault(p.UnitId!.Value), p.Language))],
            [.. zones.Select(z => new ZoneRow(z.Key, z.Name, unitKeys.GetValueOrDefault(z.UnitId), names.GetValueOrDefault(z.MemberId), z.OwnerId is { } owner ? names.GetValueOrDefault(owner) : null))],
            [.. assets.Select(a => new AssetRow(
                a.Key, a.Name, a.Type, zoneKeys.GetValueOrDefault(a.ZoneId), names.GetValueOrDefault(a.OwnerId),
                a.Attributes.Count == 0 ? null : a.Attributes.ToDictionary(x => x.Key, x => System.Text.Json.JsonSerializer.SerializeToElement(x.Value))))]);
        return OrgWorkbook.Write(document);
    }
}
