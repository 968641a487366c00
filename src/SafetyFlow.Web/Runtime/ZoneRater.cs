using SafetyFlow.Workflows;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Runtime;

/// <summary>One zone's rating for a month.</summary>
public sealed record ZoneMonthRating(Guid ZoneId, string Zone, string ZoneName, string Month, ZoneScore Rating, bool Stored);

/// <summary>Rates zones by month with the zone-rating definition, and stores a finished month's ratings.</summary>
public sealed class ZoneRater(SafetyFlowDbContext db, WorkflowRegistry workflows, WorkCalendar calendar, TimeProvider clock)
{
    public ZoneRatingDefinition Definition => workflows.Current.ZoneRating
        ?? throw new DomainException("No zone rating definition (kind: zoneRating) is loaded.");

    /// <summary>The month's ratings of the viewer's zones (<see cref="Scope"/>): stored ones when the month was stored, otherwise computed now.</summary>
    public async Task<IReadOnlyList<ZoneMonthRating>> RatingsAsync(DateOnly month, Viewer viewer, CancellationToken cancellationToken)
    {
        var key = Key(month);
        var zones = await db.Zones.AsNoTracking().VisibleTo(viewer).OrderBy(z => z.Key).ToListAsync(cancellationToken);
        var visible = zones.ToDictionary(z => z.Id);
        var stored = (await db.ZoneRatings.AsNoTracking().Where(r => r.Month == key).ToListAsync(cancellationToken))
            .Where(r => visible.ContainsKey(r.ZoneId))
            .ToDictionary(r => r.ZoneId);
        if (stored.Count == zones.Count && zones.Count > 0)
        {
            return [.. zones.Select(z => FromStored(z, stored[z.Id]))];
        }

        var computed = await ComputeAsync(month, zones, cancellationToken);
        return [.. computed.Select(r => stored.TryGetValue(r.ZoneId, out var s) ? FromStored(visible[r.ZoneId], s) : r)];
    }

    /// <summary>The stored monthly ratings of one of the viewer's zones by key, oldest first; null when there is no such zone in their scope.</summary>
    public async Task<IReadOnlyList<ZoneMonthRating>?> HistoryAsync(string zoneKey, Viewer viewer, CancellationToken cancellationToken)
    {
        var zone = await db.Zones.AsNoTracking().VisibleTo(viewer).SingleOrDefaultAsync(z => z.Key == zoneKey, cancellationToken);
        return zone is null ? null : await HistoryAsync(zone, cancellationToken);
    }

    /// <summary>The stored monthly ratings of the viewer's zones, oldest first, by zone key.</summary>
    public async Task<Dictionary<string, IReadOnlyList<ZoneMonthRating>>> HistoriesAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        var zones = await db.Zones.AsNoTracking().VisibleTo(viewer).OrderBy(z => z.Key).ToListAsync(cancellationToken);
        var result = new Dictionary<string, IReadOnlyList<ZoneMonthRating>>(StringComparer.Ordinal);
        foreach (var zone in zones)
        {
            result[zone.Key] = await HistoryAsync(zone, cancellationToken);
        }

        return result;
    }

    private async Task<IReadOnlyList<ZoneMonthRating>> HistoryAsync(Zone zone, CancellationToken cancellationToken)
    {
        var stored = await db.ZoneRatings.AsNoTracking().Where(r => r.ZoneId == zone.Id).ToListAsync(cancellationToken);
        return [.. stored.OrderBy(r => r.Month, StringComparer.Ordinal).Select(r => FromStored(zone, r))];
    }

    /// <summary>Stores the month's ratings for every zone not yet stored; safe to run twice.</summary>
    public async Task<int> StoreAsync(DateOnly month, CancellationToken cancellationToken)
    {
        var key = Key(month);
        var zones = await db.Zones.AsNoTracking().OrderBy(z => z.Key).ToListAsync(cancellationToken);
        var done = (await db.ZoneRatings.Where(r => r.Month == key).Select(r => r.ZoneId).ToListAsync(cancellationToken)).ToHashSet();
        var missing = zones.Where(z => !done.Contains(z.Id)).ToList();
        if (missing.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        foreach (var rating in await ComputeAsync(month, missing, cancellationToken))
        {
            db.ZoneRatings.Add(new ZoneRating
            {
                ZoneId = rating.ZoneId,
                Month = key,
                Stars = rating.Rating.Stars,
                Score = rating.Rating.Score,
                Components = JsonSerializer.Serialize(rating.Rating.Components, ComponentsJson),
                DefinitionHash = Definition.ContentHash,
                ComputedAt = now,
            });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another run stored the month at the same time; the unique (zone, month) index kept one copy.
            return 0;
        }

        return missing.Count;
    }

    /// <summary>
    /// What happened in each zone in the month, rated now. Every query reads the month's rows of all zones through the
    /// month's index and the zones not asked for are dropped here: a filter on zone (a list of up to two thousand ids, or
    /// a subquery) has the database walk each zone's whole history instead, seconds on a million findings.
    /// </summary>
    internal async Task<List<ZoneMonthRating>> ComputeAsync(DateOnly month, IReadOnlyList<Zone> zones, CancellationToken cancellationToken)
    {
        var definition = Definition;
        var start = calendar.StartOfDay(month);
        var end = calendar.StartOfDay(month.AddMonths(1));
        var now = clock.GetUtcNow();

        // Counted per zone by the database; only the zones' figures come back. An inspection counts once its visit window
        // has passed, so one missed lowers the stars at once; one submitted after its window closed is not on time.
        var inspections = await db.Inspections.AsNoTracking()
            .Where(i => i.DueAt >= start && i.DueAt < end && (i.VisitWindowEnd < now || i.SubmittedAt != null))
            .GroupBy(i => i.ZoneId)
            .Select(g => new { ZoneId = g.Key, Due = g.Count(), OnTime = g.Count(i => i.SubmittedAt != null && i.Timing != VisitTiming.Late) })
            .ToDictionaryAsync(g => g.ZoneId, cancellationToken);
        var findings = db.Findings.AsNoTracking().Where(f => f.RaisedAt >= start && f.RaisedAt < end);
        var bySeverity = (await findings
            .GroupBy(f => new { f.ZoneId, f.Severity })
            .Select(g => new { g.Key.ZoneId, g.Key.Severity, Count = g.Count() })
            .ToListAsync(cancellationToken))
            .ToLookup(g => g.ZoneId);
        var closure = await findings
            .GroupBy(f => f.ZoneId)
            .Select(g => new
            {
                ZoneId = g.Key,
                Due = g.Count(f => f.ClosedAt != null || f.DueAt <= now),
                ClosedOnTime = g.Count(f => f.ClosedAt != null && f.ClosedAt <= f.DueAt),
                Repeats = g.Count(f => f.RepeatOfId != null),
            })
            .ToDictionaryAsync(g => g.ZoneId, cancellationToken);

        // Every zone's rejections: a filter on zone would have the database walk the zones' findings for their
        // transitions rather than the month's few rejections for their findings.
        var rejections = await db.FindingTransitions.AsNoTracking()
            .Where(t => t.Action == RectificationTriggers.Reject && t.At >= start && t.At < end)
            .Join(db.Findings, t => t.FindingId, f => f.Id, (t, f) => f.ZoneId)
            .GroupBy(z => z)
            .Select(g => new { ZoneId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.ZoneId, g => g.Count, cancellationToken);

        return [.. zones.Select(zone =>
        {
            var zoneInspections = inspections.GetValueOrDefault(zone.Id);
            var zoneClosure = closure.GetValueOrDefault(zone.Id);
            var facts = new ZoneMonthFacts(
                zoneInspections?.Due ?? 0,
                zoneInspections?.OnTime ?? 0,
                bySeverity[zone.Id].ToDictionary(g => g.Severity, g => g.Count),
                zoneClosure?.Due ?? 0,
                zoneClosure?.ClosedOnTime ?? 0,
                zoneClosure?.Repeats ?? 0,
                rejections.GetValueOrDefault(zone.Id));
            return new ZoneMonthRating(zone.Id, zone.Key, zone.Name, Key(month), definition.Rate(facts), Stored: false);
        })];
    }

    internal static JsonSerializerOptions ComponentsJson { get; } = new(JsonSerializerDefaults.Web);

    private static string Key(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static ZoneMonthRating FromStored(Zone zone, ZoneRating stored) => new(
        zone.Id,
        zone.Key,
        zone.Name,
        stored.Month,
        new ZoneScore(stored.Stars, stored.Score, JsonSerializer.Deserialize<RatingComponents>(stored.Components, ComponentsJson)!),
        Stored: true);
}
