using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Seeder;

/// <summary>A person as the history needs them: who acts, in which language they are told.</summary>
public sealed record BenchPerson(Guid Id, string UserName, string Language, FindingActor Actor);

/// <summary>A zone with its member, its site's supervisor and its assets by type.</summary>
public sealed record BenchZone(Zone Zone, BenchPerson Member, BenchPerson Supervisor, IReadOnlyDictionary<string, List<Asset>> AssetsByType);

/// <summary>
/// The group: a head office with leadership and the safety office, sites under it (a supervisor and three owners each:
/// fire equipment, electrical, kitchens), and zones under the sites, each with its member and about 30 assets.
/// Everyone's password is <see cref="SeedSettings.Password"/>.
/// </summary>
public sealed class BenchOrg
{
    public const int ZonesPerSite = 20;

    public required IReadOnlyList<BenchZone> Zones { get; init; }

    public required IReadOnlyList<BenchPerson> SafetyOffice { get; init; }

    public required BenchPerson Leader { get; init; }

    public required IReadOnlyDictionary<Guid, BenchPerson> People { get; init; }

    public int Assets => Zones.Sum(z => z.AssetsByType.Values.Sum(a => a.Count));

    public static async Task<BenchOrg> CreateAsync(SafetyFlowDbContext db, IPasswordHasher<AppUser> hasher, int zoneCount, Random random, CancellationToken cancellationToken)
    {
        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, cancellationToken);
        var hash = hasher.HashPassword(new AppUser { UserName = "x" }, SeedSettings.Password);
        var people = new Dictionary<Guid, BenchPerson>();

        BenchPerson Person(string userName, string displayName, Unit unit, string language, params Role[] personRoles)
        {
            var user = new AppUser
            {
                UserName = userName,
                NormalizedUserName = userName.ToUpperInvariant(),
                DisplayName = displayName,
                Unit = unit,
                UnitId = unit.Id,
                Language = language,
                PasswordHash = hash,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                LockoutEnabled = true,
            };
            db.Users.Add(user);
            foreach (var role in personRoles)
            {
                db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roles[role.ToString()] });
            }

            var person = new BenchPerson(user.Id, userName, language, new FindingActor(user.Id, userName, personRoles.ToHashSet(), SupervisesZone: personRoles.Contains(Role.Supervisor)));
            people[user.Id] = person;
            return person;
        }

        string Language() => random.NextDouble() < 0.8 ? "zh-CN" : "en";

        var head = new Unit { Key = "group", Name = "Group head office" };
        db.Units.Add(head);
        var leader = Person("leader", "Group leadership", head, "zh-CN", Role.Supervisor);
        var office = Enumerable.Range(1, 3).Select(i => Person($"safety{i}", $"Safety office {i}", head, Language(), Role.SafetyOffice)).ToList();

        var zones = new List<BenchZone>();
        var sites = (zoneCount + ZonesPerSite - 1) / ZonesPerSite;
        for (var s = 1; s <= sites; s++)
        {
            var site = new Unit { Key = $"site-{s:D3}", Name = $"Site {s:D3}", Parent = head, ParentId = head.Id };
            db.Units.Add(site);
            var supervisor = Person($"sup-{s:D3}", $"Supervisor {s:D3}", site, Language(), Role.Supervisor);
            var owners = new Dictionary<string, BenchPerson>
            {
                ["fire"] = Person($"owner-fire-{s:D3}", $"Fire equipment owner {s:D3}", site, Language(), Role.Owner),
                ["electrical"] = Person($"owner-electric-{s:D3}", $"Electrical owner {s:D3}", site, Language(), Role.Owner),
                ["kitchen"] = Person($"owner-kitchen-{s:D3}", $"Kitchen owner {s:D3}", site, Language(), Role.Owner),
            };
            for (var z = (s - 1) * ZonesPerSite + 1; z <= Math.Min(zoneCount, s * ZonesPerSite); z++)
            {
                var member = Person($"member-{z:D4}", $"Member {z:D4}", site, Language(), Role.Member);
                var zone = new Zone { Key = $"zone-{z:D4}", Name = $"Zone {z:D4}", Unit = site, UnitId = site.Id, MemberId = member.Id };
                db.Zones.Add(zone);
                zones.Add(new BenchZone(zone, member, supervisor, AssetsOf(db, zone, owners, z, random)));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new BenchOrg { Zones = zones, SafetyOffice = office, Leader = leader, People = people };
    }

    /// <summary>
    /// About 30 assets: mostly extinguishers, some hydrants and boards; a kitchen in one zone of three (canteens).
    /// The counts vary so inspections vary in size as they do on real sites.
    /// </summary>
    private static Dictionary<string, List<Asset>> AssetsOf(SafetyFlowDbContext db, Zone zone, Dictionary<string, BenchPerson> owners, int z, Random random)
    {
        var counts = new Dictionary<string, int>
        {
            ["extinguisher"] = random.Next(14, 22),
            ["hydrant"] = random.Next(2, 6),
            ["electrical"] = random.Next(3, 8),
            ["kitchen"] = z % 3 == 0 ? random.Next(1, 3) : 0,
        };
        var byType = new Dictionary<string, List<Asset>>();
        foreach (var (type, count) in counts.Where(c => c.Value > 0))
        {
            var owner = owners[type is "extinguisher" or "hydrant" ? "fire" : type];
            byType[type] = [.. Enumerable.Range(1, count).Select(i => new Asset
            {
                Key = $"{zone.Key}-{type}-{i:D2}",
                Name = $"{type} {i:D2}",
                Type = type,
                ZoneId = zone.Id,
                OwnerId = owner.Id,
            })];
            db.Assets.AddRange(byType[type]);
        }

        return byType;
    }
}
