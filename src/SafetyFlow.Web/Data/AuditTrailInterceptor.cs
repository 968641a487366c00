using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Data;

/// <summary>
/// Seals every new history record into the trail as it is saved, on the one path all writers (API, pages, sweep, jobs)
/// go through, and refuses to change or delete a stored record. A finding's records chain one after another; its first
/// record chains to the first record of the finding raised before it, so that a whole finding removed behind the app's
/// back is noticed too. Two writers cannot fork one finding's chain: the finding's version check lets only one of them save.
/// </summary>
internal sealed class AuditTrailInterceptor : SaveChangesInterceptor
{
    /// <summary>Holds no state: one serves every context.</summary>
    public static AuditTrailInterceptor Instance { get; } = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is SafetyFlowDbContext db && Pending.Of(db) is { } pending)
        {
            var chainEnds = pending.ChainEnds(db);
            Seal(pending, chainEnds.ToDictionary(e => e.FindingId, e => e.Hash), pending.HasNewFinding ? Pending.LastFirstRecord(db).FirstOrDefault() : null);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is SafetyFlowDbContext db && Pending.Of(db) is { } pending)
        {
            var chainEnds = await pending.ChainEnds(db).ToDictionaryAsync(e => e.FindingId, e => e.Hash, cancellationToken);
            Seal(pending, chainEnds, pending.HasNewFinding ? await Pending.LastFirstRecord(db).FirstOrDefaultAsync(cancellationToken) : null);
        }

        return result;
    }

    private static void Seal(Pending pending, Dictionary<Guid, string> chainEnds, string? lastFirstRecord)
    {
        lastFirstRecord ??= AuditTrail.Genesis;
        foreach (var (finding, isNew, records) in pending.Findings)
        {
            var digest = AuditTrail.Digest(finding);
            var previous = isNew ? lastFirstRecord : chainEnds.GetValueOrDefault(finding.Id, AuditTrail.Genesis);
            foreach (var record in records)
            {
                record.Seal(previous, digest);
                previous = record.Hash;
                if (record.From.Length == 0)
                {
                    lastFirstRecord = record.Hash;
                }
            }
        }
    }

    /// <summary>The history records a save adds, by finding, in the order the findings were changed.</summary>
    private sealed record Pending(IReadOnlyList<(Finding Finding, bool IsNew, IReadOnlyList<FindingTransition> Records)> Findings)
    {
        public bool HasNewFinding => Findings.Any(f => f.IsNew);

        public static Pending? Of(SafetyFlowDbContext db)
        {
            if (db.ChangeTracker.Entries<FindingTransition>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            {
                throw new InvalidOperationException("A finding's history is append-only.");
            }

            var added = db.ChangeTracker.Entries<FindingTransition>()
                .Where(e => e.State == EntityState.Added)
                .Select(e => e.Entity)
                .ToList();
            if (added.Count == 0)
            {
                return null;
            }

            var findings = new List<(Finding, bool, IReadOnlyList<FindingTransition>)>();
            foreach (var records in added.GroupBy(r => r.FindingId))
            {
                var entry = db.ChangeTracker.Entries<Finding>().SingleOrDefault(e => e.Entity.Id == records.Key)
                    ?? throw new InvalidOperationException("A history record can only be added through its finding.");
                findings.Add((entry.Entity, entry.State == EntityState.Added, [.. entry.Entity.History.Where(records.Contains)]));
            }

            return new Pending(findings);
        }

        /// <summary>The last stored record of each changed finding that already has a chain, in one query.</summary>
        public IQueryable<ChainEnd> ChainEnds(SafetyFlowDbContext db)
        {
            var ids = Findings.Where(f => !f.IsNew).Select(f => f.Finding.Id).ToList();
            return db.FindingTransitions.AsNoTracking()
                .Where(t => ids.Contains(t.FindingId))
                .GroupBy(t => t.FindingId)
                .Select(g => new ChainEnd(g.Key, g.OrderByDescending(t => t.Id).Select(t => t.Hash).First()));
        }

        /// <summary>The first record of the finding raised last, which a new finding's first record follows.</summary>
        public static IQueryable<string> LastFirstRecord(SafetyFlowDbContext db) =>
            db.FindingTransitions.AsNoTracking().Where(t => t.From == "").OrderByDescending(t => t.Id).Select(t => t.Hash);
    }

    private sealed record ChainEnd(Guid FindingId, string Hash);
}
