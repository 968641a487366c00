using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Data;

/// <summary>
/// Seals the trail as changes are saved, on the one path all writers (API, pages, sweep, jobs) go through: every new
/// history record (its hash, and its seal with the trail key), every finding saved (its whole state bound to its latest
/// record) and every inspection saved (with all its answers). Refuses to change or delete a stored record. A finding's
/// records chain one after another; its first record chains to the first record of the finding raised before it, so
/// that a whole finding removed behind the app's back is noticed too. Two writers cannot fork one finding's chain: the
/// finding's version check lets only one of them save.
/// </summary>
internal sealed class AuditTrailInterceptor(TrailKey? key) : SaveChangesInterceptor
{
    private static readonly ConditionalWeakTable<TrailKey, AuditTrailInterceptor> Interceptors = [];

    /// <summary>For contexts without the app's services: anything that needs sealing is refused.</summary>
    private static readonly AuditTrailInterceptor Unkeyed = new(null);

    /// <summary>The interceptor sealing with this key; one per key, shared by every context.</summary>
    public static AuditTrailInterceptor For(TrailKey? key) => key is null ? Unkeyed : Interceptors.GetValue(key, k => new AuditTrailInterceptor(k));

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is SafetyFlowDbContext db)
        {
#pragma warning disable CA2012 // Completes synchronously: every query runs synchronously when sync is set.
            SealAsync(db, sync: true, CancellationToken.None).AsTask().GetAwaiter().GetResult();
#pragma warning restore CA2012
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is SafetyFlowDbContext db)
        {
            await SealAsync(db, sync: false, cancellationToken);
        }

        return result;
    }

    private async ValueTask SealAsync(SafetyFlowDbContext db, bool sync, CancellationToken cancellationToken)
    {
        if (db.ChangeTracker.Entries<FindingTransition>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("A finding's history is append-only.");
        }

        var findings = db.ChangeTracker.Entries<Finding>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        var inspections = Inspections(db);
        if (findings.Count == 0 && inspections.Count == 0)
        {
            return;
        }

        var trailKey = key ?? throw new InvalidOperationException("The trail key is not loaded: nothing that the trail covers can be saved without it.");
        if (findings.Count > 0)
        {
            await SealFindingsAsync(db, trailKey, findings, sync, cancellationToken);
        }

        foreach (var (inspection, isNew) in inspections)
        {
            var added = db.ChangeTracker.Entries<InspectionResult>()
                .Where(e => e.State == EntityState.Added && e.Entity.InspectionId == inspection.Id)
                .Select(e => e.Entity);
            var storedQuery = db.InspectionResults.AsNoTracking().Where(r => r.InspectionId == inspection.Id);
            var stored = isNew ? [] : sync ? [.. storedQuery] : await storedQuery.ToListAsync(cancellationToken);
            inspection.SealAnswers(trailKey, stored.Concat(added));
        }
    }

    private static async ValueTask SealFindingsAsync(
        SafetyFlowDbContext db, TrailKey trailKey, List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<Finding>> findings, bool sync, CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries<FindingTransition>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Any(r => findings.All(f => f.Entity.Id != r.FindingId)))
        {
            throw new InvalidOperationException("A history record can only be added through its finding.");
        }

        var storedIds = findings.Where(f => f.State != EntityState.Added).Select(f => f.Entity.Id).ToList();
        var endsQuery = db.FindingTransitions.AsNoTracking()
            .Where(t => storedIds.Contains(t.FindingId))
            .GroupBy(t => t.FindingId)
            .Select(g => new { FindingId = g.Key, Hash = g.OrderByDescending(t => t.Id).Select(t => t.Hash).First() });
        var chainEnds = storedIds.Count == 0 ? []
            : sync ? endsQuery.ToDictionary(e => e.FindingId, e => e.Hash)
            : await endsQuery.ToDictionaryAsync(e => e.FindingId, e => e.Hash, cancellationToken);

        string? lastFirstRecord = null;
        if (findings.Any(f => f.State == EntityState.Added))
        {
            var lastQuery = db.FindingTransitions.AsNoTracking().Where(t => t.From == "").OrderByDescending(t => t.Id).Select(t => t.Hash);
            lastFirstRecord = sync ? lastQuery.FirstOrDefault() : await lastQuery.FirstOrDefaultAsync(cancellationToken);
        }

        lastFirstRecord ??= AuditTrail.Genesis;
        foreach (var entry in findings)
        {
            var finding = entry.Entity;
            var isNew = entry.State == EntityState.Added;
            var digest = AuditTrail.Digest(finding);
            var previous = isNew ? lastFirstRecord : chainEnds.GetValueOrDefault(finding.Id, AuditTrail.Genesis);
            foreach (var record in finding.History.Where(added.Contains))
            {
                record.SealInto(trailKey, previous, digest);
                previous = record.Hash;
                if (record.From.Length == 0)
                {
                    lastFirstRecord = record.Hash;
                }
            }

            finding.SealTrail(trailKey, previous);
        }
    }

    /// <summary>Inspections saved, and those whose answers are added, with whether they are new.</summary>
    private static List<(Inspection Inspection, bool IsNew)> Inspections(SafetyFlowDbContext db)
    {
        var entries = db.ChangeTracker.Entries<Inspection>().ToList();
        var answered = db.ChangeTracker.Entries<InspectionResult>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => e.Entity.InspectionId)
            .ToHashSet();
        if (answered.Any(id => entries.All(e => e.Entity.Id != id)))
        {
            throw new InvalidOperationException("An answer can only be saved through its inspection.");
        }

        return [.. entries
            .Where(e => e.State is EntityState.Added or EntityState.Modified || answered.Contains(e.Entity.Id))
            .Select(e => (e.Entity, e.State == EntityState.Added))];
    }
}
