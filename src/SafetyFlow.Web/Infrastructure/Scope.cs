using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// Who sees what. A finding, an inspection and a zone's stars belong to the unit of their zone as the organisation
/// stands now, not as it stood when the finding was raised (decision 008): when a zone moves to another unit, its open
/// findings, its history and its figures move with it. A supervisor's units are their own unit and every unit below it.
/// Every reader (lists, reports, stars, digests, webhook routes, photos) asks here.
/// </summary>
public static class Scope
{
    /// <summary>
    /// The findings a viewer may see: everything for the safety office and admins; for supervisors those whose zone is in
    /// their units now; for members those of their own zones and those they raised; for owners their own. The zones are
    /// asked of <paramref name="zones"/> by key, so that the database reads a supervisor's findings through the zones'
    /// index and the owner's and raiser's through theirs, instead of walking every finding to its zone.
    /// </summary>
    public static IQueryable<Finding> VisibleTo(this IQueryable<Finding> findings, Viewer viewer, IQueryable<Zone> zones)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.SeesEverything)
        {
            return findings;
        }

        // Two parts with nothing in common, each read through its own indexes: PostgreSQL cannot read an OR of a column
        // and a subquery through indexes, and walks every finding for it.
        var me = viewer.UserId;
        var theirZones = zones.VisibleTo(viewer).Select(z => z.Id);
        return viewer.Is(Role.Member)
            ? findings.Where(f => f.OwnerId == me || f.RaisedById == me)
                .Concat(findings.Where(f => theirZones.Contains(f.ZoneId) && f.OwnerId != me && f.RaisedById != me))
            : findings.Where(f => f.OwnerId == me)
                .Concat(findings.Where(f => theirZones.Contains(f.ZoneId) && f.OwnerId != me));
    }

    /// <summary>The findings whose zone is in one of the units now.</summary>
    public static IQueryable<Finding> InUnits(this IQueryable<Finding> findings, IReadOnlyCollection<Guid> units)
    {
        var ids = units.ToList();
        return findings.Where(f => ids.Contains(f.Zone!.UnitId));
    }

    /// <summary>The unit each finding belongs to now.</summary>
    public static IQueryable<FindingUnit> WithUnits(this IQueryable<Finding> findings) =>
        findings.Select(f => new FindingUnit(f.Id, f.Zone!.UnitId));

    /// <summary>
    /// The zones a viewer answers for, as zone lists, filters and stars offer them: every zone for the safety office and
    /// admins; the zones in their units for supervisors; their own zones for members.
    /// </summary>
    public static IQueryable<Zone> VisibleTo(this IQueryable<Zone> zones, Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.SeesEverything)
        {
            return zones;
        }

        var units = SupervisedUnitIds(viewer);
        var me = viewer.UserId;
        return viewer.Is(Role.Member)
            ? zones.Where(z => z.MemberId == me || units.Contains(z.UnitId))
            : zones.Where(z => units.Contains(z.UnitId));
    }

    /// <summary>
    /// The inspections a viewer may see: members their own zones' and those they submitted, supervisors their units', the
    /// safety office and admins every one.
    /// </summary>
    public static IQueryable<Inspection> VisibleTo(this IQueryable<Inspection> inspections, Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.SeesEverything)
        {
            return inspections;
        }

        var units = SupervisedUnitIds(viewer);
        var member = viewer.Is(Role.Member);
        var me = viewer.UserId;
        return inspections.Where(i => (member && (i.Zone!.MemberId == me || i.SubmittedById == me)) || units.Contains(i.Zone!.UnitId));
    }

    private static List<Guid> SupervisedUnitIds(Viewer viewer) =>
        viewer.Is(Role.Supervisor) ? [.. viewer.SupervisedUnits] : [];
}

/// <summary>A finding and the unit its zone is in now.</summary>
public sealed record FindingUnit(Guid FindingId, Guid UnitId);

/// <summary>The unit tree as stored now, for "a unit and every unit below it".</summary>
public sealed class UnitTree
{
    private readonly ILookup<Guid, Guid> _children;
    private readonly Dictionary<string, Guid> _byKey;

    private UnitTree(IEnumerable<(Guid Id, string Key, Guid? ParentId)> units)
    {
        var rows = units.ToList();
        _children = rows.Where(u => u.ParentId is not null).ToLookup(u => u.ParentId!.Value, u => u.Id);
        _byKey = rows.ToDictionary(u => u.Key, u => u.Id, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether <paramref name="units"/> holds every unit there is.</summary>
    public bool AreAll(IReadOnlySet<Guid> units) => _byKey.Values.All(units.Contains);

    public static async Task<UnitTree> LoadAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Units.AsNoTracking().Select(u => new { u.Id, u.Key, u.ParentId }).ToListAsync(cancellationToken);
        return Of(rows.Select(u => (u.Id, u.Key, u.ParentId)));
    }

    internal static UnitTree Of(IEnumerable<(Guid Id, string Key, Guid? ParentId)> units) => new(units);

    /// <summary>The unit and every unit below it.</summary>
    public HashSet<Guid> AndBelow(Guid unitId)
    {
        var result = new HashSet<Guid>();
        var pending = new Stack<Guid>([unitId]);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (result.Add(next))
            {
                foreach (var child in _children[next])
                {
                    pending.Push(child);
                }
            }
        }

        return result;
    }

    /// <summary>The units named by key and every unit below them; unknown keys name nothing.</summary>
    public HashSet<Guid> AndBelow(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new HashSet<Guid>();
        foreach (var key in keys)
        {
            if (_byKey.TryGetValue(key, out var id))
            {
                result.UnionWith(AndBelow(id));
            }
        }

        return result;
    }
}
