using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Features.Inspections;

/// <summary>
/// The answers of a submission, written ahead of the rest of its save as one multi-row statement instead of a statement
/// each (decision 028): a checklist of 26 items was 26 of the save's statements, each built, run and its key read back
/// by the one writer. Run inside the writer's savepoint, so the save that follows (the inspection's versioned update,
/// its findings) and the answers are kept or rolled back together. Each answer then gets the key the database gave it
/// and is tracked as stored; the trail's interceptor seals the inspection over them as it did over the answers added.
/// </summary>
internal static class AnswersWrittenAhead
{
    /// <summary>Writes the answers added to <paramref name="db"/>'s tracker; a unique key already stored is the save's conflict.</summary>
    public static async Task WriteAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries<InspectionResult>().Where(e => e.State == EntityState.Added).ToList();
        if (added.Count == 0)
        {
            return;
        }

        try
        {
            await MultiRowInsert.InsertAsync(db, added.ConvertAll(e => e.Entity), cancellationToken);
        }
        catch (DbException e) when (SaveConflicts.IsUniqueViolation(e))
        {
            // Another submission of the inspection was stored first, as its versioned update would have found.
            throw new DbUpdateException("An answer of this inspection is already stored.", e);
        }

        // The keys the database gave, found through the unique index on (inspection, asset, item): an inspection's
        // answers are given once, so every answer of these inspections is one written here.
        var inspections = added.Select(e => e.Entity.InspectionId).Distinct().ToList();
        var keys = (await db.InspectionResults.AsNoTracking()
                .Where(r => inspections.Contains(r.InspectionId))
                .Select(r => new { r.Id, r.InspectionId, r.AssetId, r.ItemId })
                .ToListAsync(cancellationToken))
            .ToDictionary(r => (r.InspectionId, r.AssetId, r.ItemId), r => r.Id);
        foreach (var entry in added)
        {
            var answer = entry.Entity;
            var id = entry.Property(r => r.Id);
            id.CurrentValue = keys[(answer.InspectionId, answer.AssetId, answer.ItemId)];
            id.IsTemporary = false;
            entry.State = EntityState.Unchanged;
        }
    }
}
