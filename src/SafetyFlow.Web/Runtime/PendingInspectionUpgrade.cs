using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;

namespace SafetyFlow.Web.Runtime;

/// <summary>
/// Gives the inspections not yet submitted the shape of their checklist in force once it asks items once per zone
/// visit: an inspection created under a version that asked every item of every asset moves to the version in force, so
/// its member answers the zone's items once (decision 023). Submitted inspections keep the version they were answered
/// under, and their answers as recorded. Runs at start-up, once the definitions are stored and the trail key is loaded,
/// because the version in force is known only then and every moved inspection is sealed again as it is saved.
/// </summary>
public sealed class PendingInspectionUpgrade(WorkflowRegistry workflows, TimeProvider clock, ILogger<PendingInspectionUpgrade> logger)
{
    private const int Batch = 500;

    /// <summary>
    /// How far back an inspection's deadline may lie for it to move: a member sees missed inspections for four weeks,
    /// and one more is spared. Older ones never submitted keep the version they were made under, which still takes
    /// their answers, and a start on years of inspections reads only the recent ones through the deadline index.
    /// </summary>
    private static readonly TimeSpan Recent = TimeSpan.FromDays(7 * 5);

    /// <summary>Moves the pending inspections; answers how many moved. Safe to run again: none is left to move.</summary>
    public async Task<int> RunAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var moved = 0;
        var since = clock.GetUtcNow() - Recent;
        foreach (var workflow in workflows.Current.Inspections.Where(w => w.ZoneItems.Any()))
        {
            var older = await db.Inspections.AsNoTracking()
                .Where(i => i.DueAt >= since && i.SubmittedAt == null && i.WorkflowId == workflow.Id && i.WorkflowHash != workflow.ContentHash)
                .Select(i => i.WorkflowHash)
                .Distinct()
                .ToListAsync(cancellationToken);
            var perAssetOnly = older.Where(hash => !AsksZoneItems(hash)).ToList();
            while (perAssetOnly.Count > 0)
            {
                var batch = await db.Inspections
                    .Where(i => i.DueAt >= since && i.SubmittedAt == null && i.WorkflowId == workflow.Id && perAssetOnly.Contains(i.WorkflowHash))
                    .OrderBy(i => i.Id)
                    .Take(Batch)
                    .ToListAsync(cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var inspection in batch)
                {
                    inspection.FollowDefinition(workflow.ContentHash);
                }

                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    moved += batch.Count;
                }
                catch (DbUpdateConcurrencyException)
                {
                    // Another node's member submitted one of them meanwhile: it keeps its version; read the rest again.
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }
        }

        if (moved > 0)
        {
            logger.LogInformation("{Count} inspections not yet submitted now ask their zone items once per visit", moved);
        }

        return moved;
    }

    /// <summary>Whether a stored version asks items once per zone; one this node cannot read is left as it is.</summary>
    private bool AsksZoneItems(string contentHash)
    {
        try
        {
            return workflows.InspectionFor(contentHash).ZoneItems.Any();
        }
        catch (WorkflowVersionUnavailableException)
        {
            return true;
        }
    }
}
