using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
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
        using var detected = DetectedOnce.Of(db.ChangeTracker);
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

        // An inspection with answers stored before this save is sealed over those, read back, and the ones added; one
        // without, over every answer tracked: those added, and those its submission wrote ahead of this save.
        var trackedAnswers = db.ChangeTracker.Entries<InspectionResult>()
            .Where(e => e.State != EntityState.Deleted)
            .ToLookup(e => e.Entity.InspectionId);
        foreach (var (inspection, hasStoredAnswers) in inspections)
        {
            var tracked = trackedAnswers[inspection.Id];
            if (!hasStoredAnswers)
            {
                inspection.SealAnswers(trailKey, tracked.Select(e => e.Entity));
                continue;
            }

            var storedQuery = db.InspectionResults.AsNoTracking().Where(r => r.InspectionId == inspection.Id);
            var stored = sync ? [.. storedQuery] : await storedQuery.ToListAsync(cancellationToken);
            inspection.SealAnswers(trailKey, stored.Concat(tracked.Where(e => e.State == EntityState.Added).Select(e => e.Entity)));
        }

        // The seals are detected on the entities they were set on: a save whose changes were detected before it (a
        // sweep batch, a submission handed to the writer) does not compare the whole tracker again.
        foreach (var finding in findings)
        {
            finding.DetectChanges();
        }

        foreach (var (inspection, _) in inspections)
        {
            db.Entry(inspection).DetectChanges();
        }
    }

    private static async ValueTask SealFindingsAsync(
        SafetyFlowDbContext db, TrailKey trailKey, List<EntityEntry<Finding>> findings, bool sync, CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries<FindingTransition>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var saved = findings.Select(f => f.Entity.Id).ToHashSet();
        if (added.Any(r => !saved.Contains(r.FindingId)))
        {
            throw new InvalidOperationException("A history record can only be added through its finding.");
        }

        var chainEnds = await ChainEndsAsync(db, findings, sync, cancellationToken);
        var lastFirstRecord = findings.Any(f => f.State == EntityState.Added) ? await LastFirstRecordAsync(db, sync, cancellationToken) : AuditTrail.Genesis;
        var addedRecords = added.ToHashSet();
        foreach (var entry in findings)
        {
            var finding = entry.Entity;
            var isNew = entry.State == EntityState.Added;
            var digest = AuditTrail.Digest(finding);
            var previous = isNew ? lastFirstRecord : chainEnds.GetValueOrDefault(finding.Id, AuditTrail.Genesis);
            foreach (var record in finding.History.Where(addedRecords.Contains))
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

    /// <summary>
    /// The hash each stored finding's chain ends in: the head it was last sealed with, which is its latest record, since
    /// records are only added through their finding and its version check lets one writer at a time save it. Only a
    /// finding stored before the trail was keyed, and not sealed since, has no head; its latest record is read.
    /// </summary>
    private static async ValueTask<Dictionary<Guid, string>> ChainEndsAsync(
        SafetyFlowDbContext db, List<EntityEntry<Finding>> findings, bool sync, CancellationToken cancellationToken)
    {
        var stored = findings.Where(f => f.State != EntityState.Added).ToList();
        var ends = stored
            .Select(f => (f.Entity.Id, Head: (string)f.OriginalValues[nameof(Finding.TrailHead)]!))
            .Where(f => f.Head.Length > 0)
            .ToDictionary(f => f.Id, f => f.Head);
        var unsealed = stored.Select(f => f.Entity.Id).Where(id => !ends.ContainsKey(id)).ToList();
        if (unsealed.Count == 0)
        {
            return ends;
        }

        var endsQuery = db.FindingTransitions.AsNoTracking()
            .Where(t => unsealed.Contains(t.FindingId))
            .GroupBy(t => t.FindingId)
            .Select(g => new { FindingId = g.Key, Hash = g.OrderByDescending(t => t.Id).Select(t => t.Hash).First() });
        foreach (var end in sync ? [.. endsQuery] : await endsQuery.ToListAsync(cancellationToken))
        {
            ends[end.FindingId] = end.Hash;
        }

        return ends;
    }

    /// <summary>The hash of the latest first record: what the next finding raised follows. Read through the index on (From, Id).</summary>
    internal static IQueryable<string> LastFirstRecord(SafetyFlowDbContext db) =>
        db.FindingTransitions.AsNoTracking().Where(t => t.From == "").OrderByDescending(t => t.Id).Select(t => t.Hash);

    private static async ValueTask<string> LastFirstRecordAsync(SafetyFlowDbContext db, bool sync, CancellationToken cancellationToken)
    {
        var query = LastFirstRecord(db);
        return (sync ? query.FirstOrDefault() : await query.FirstOrDefaultAsync(cancellationToken)) ?? AuditTrail.Genesis;
    }

    /// <summary>
    /// Inspections saved, and those whose answers are added, with whether answers of theirs are stored: only an inspection
    /// that was submitted before this save can have any, since answers are given once, when it is submitted.
    /// </summary>
    private static List<(Inspection Inspection, bool HasStoredAnswers)> Inspections(SafetyFlowDbContext db)
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
            .Select(e => (e.Entity, e.State != EntityState.Added && e.OriginalValues[nameof(Inspection.SubmittedAt)] is not null))];
    }
}
