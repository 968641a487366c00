using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Features.Audit;

/// <summary>
/// Seals a trail written before it was keyed, once, at the first start after the <c>TrailSeals</c> migration (which
/// leaves the <see cref="Marker"/> setting). Each finding's records are first checked by the unkeyed rules they were
/// written under; only a finding whose records all hold gets seals, so a record changed before the upgrade stays broken
/// rather than being sealed as it is now. Inspections had no seal before, and are sealed as they stand.
/// </summary>
public sealed class TrailUpgrade(TrailKey key, TrailCheckpointPublisher publisher, ILogger<TrailUpgrade> logger)
{
    public const string Marker = "trail.unsealed";

    public async Task SealLegacyAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.SystemSettings.AnyAsync(s => s.Key == Marker, cancellationToken))
        {
            return;
        }

        var (sealedFindings, brokenFindings) = await SealFindingsAsync(db, cancellationToken);
        var inspections = await SealInspectionsAsync(db, cancellationToken);
        await db.SystemSettings.Where(s => s.Key == Marker).ExecuteDeleteAsync(cancellationToken);
        logger.LogWarning(
            "Sealed the trail with the trail key: {Sealed} findings and {Inspections} inspections; {Broken} findings whose records were already broken are left unsealed",
            sealedFindings, inspections, brokenFindings);
        await publisher.PublishAsync(cancellationToken);
    }

    private async Task<(int Sealed, int Broken)> SealFindingsAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        var (sealedCount, brokenCount) = (0, 0);
        for (var page = 0; ; page++)
        {
            var findings = await db.Findings.AsNoTracking().OrderBy(f => f.Id).Skip(page * VerifyTrail.PageSize).Take(VerifyTrail.PageSize).ToListAsync(cancellationToken);
            if (findings.Count == 0)
            {
                return (sealedCount, brokenCount);
            }

            var ids = findings.Select(f => f.Id).ToList();
            var records = (await db.FindingTransitions.AsNoTracking().Where(t => ids.Contains(t.FindingId)).OrderBy(t => t.Id).ToListAsync(cancellationToken))
                .ToLookup(t => t.FindingId);
            foreach (var finding in findings.Where(f => f.Seal.Length == 0))
            {
                var history = records[finding.Id].ToList();
                if (!HeldUnkeyed(finding, history))
                {
                    brokenCount++;
                    continue;
                }

                foreach (var record in history.Where(r => r.Seal.Length == 0))
                {
                    var seal = AuditTrail.SealOf(key, record);
                    await db.FindingTransitions.Where(t => t.Id == record.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Seal, seal), cancellationToken);
                }

                var head = history[^1].Hash;
                var findingSeal = AuditTrail.SealOf(key, finding, head);
                await db.Findings.Where(f => f.Id == finding.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.TrailHead, head).SetProperty(f => f.Seal, findingSeal), cancellationToken);
                sealedCount++;
            }
        }
    }

    /// <summary>The rules the records were written under: each hash, each link within the finding, and the latest record's digest.</summary>
    private static bool HeldUnkeyed(Finding finding, List<FindingTransition> history)
    {
        if (history.Count == 0 || history[^1].FindingDigest != AuditTrail.LegacyDigest(finding))
        {
            return false;
        }

        for (var i = 0; i < history.Count; i++)
        {
            if (history[i].Hash != AuditTrail.HashOf(history[i]) || (i > 0 && history[i].PreviousHash != history[i - 1].Hash))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<int> SealInspectionsAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            var inspections = await db.Inspections.AsNoTracking().Where(i => i.Seal == "").OrderBy(i => i.Id).Take(VerifyTrail.PageSize).ToListAsync(cancellationToken);
            if (inspections.Count == 0)
            {
                return count;
            }

            var ids = inspections.Select(i => i.Id).ToList();
            var answers = (await db.InspectionResults.AsNoTracking().Where(r => ids.Contains(r.InspectionId)).ToListAsync(cancellationToken)).ToLookup(r => r.InspectionId);
            foreach (var inspection in inspections)
            {
                var seal = AuditTrail.SealOf(key, inspection, answers[inspection.Id]);
                await db.Inspections.Where(i => i.Id == inspection.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Seal, seal), cancellationToken);
                count++;
            }
        }
    }
}
