using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Runtime;

/// <summary>
/// Creates a week's inspections: one per zone and inspection workflow that has assets of its type in the zone, each with
/// an unannounced visit window drawn at random inside the week. Idempotent by zone, workflow and ISO week. Each
/// inspection pins the checklist version in force: its zone target (the items asked once per zone visit) is that
/// version's, and its asset targets are the zone's assets of the type, each asked the items that apply to it (decision 023).
/// </summary>
public sealed class RoundPlanner(SafetyFlowDbContext db, WorkflowRegistry workflows, WorkCalendar calendar, TimeProvider clock)
{
    private const int InspectionBatch = 1000;

    public async Task<RoundResult> CreateAsync(string week, CancellationToken cancellationToken)
    {
        try
        {
            return await CreateOnceAsync(week, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node created some of the same inspections at the same moment; count again.
            db.ChangeTracker.Clear();
            return await CreateOnceAsync(week, cancellationToken);
        }
    }

    private async Task<RoundResult> CreateOnceAsync(string week, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var weekStart = calendar.StartOfWeek(week);
        var weekStartDate = DateOnly.FromDateTime(calendar.ToLocal(weekStart).DateTime);
        var dueAt = calendar.StartOfDay(weekStartDate.AddDays(7));

        var assets = await db.Assets.Select(a => new { a.Id, a.ZoneId, a.Type }).ToListAsync(cancellationToken);
        var existing = (await db.Inspections.Where(i => i.Week == week).Select(i => new { i.ZoneId, i.WorkflowId }).ToListAsync(cancellationToken))
            .Select(i => (i.ZoneId, i.WorkflowId))
            .ToHashSet();

        int created = 0, already = 0;
        var planned = new List<Inspection>();
        foreach (var zone in assets.GroupBy(a => a.ZoneId))
        {
            foreach (var workflow in workflows.Current.Inspections)
            {
                if (!zone.Any(a => a.Type == workflow.AssetType))
                {
                    continue;
                }

                if (existing.Contains((zone.Key, workflow.Id)))
                {
                    already++;
                    continue;
                }

                var (start, end) = DrawVisitWindow(workflow.Schedule, weekStartDate, now);
                planned.Add(Inspection.Create(workflow.Id, workflow.ContentHash, zone.Key, week, start, end, dueAt, now, []));
                created++;
            }
        }

        if (planned.Count > 0)
        {
            await SaveAsync(week, planned, cancellationToken);
        }

        return new RoundResult(created, already);
    }

    /// <summary>
    /// Saves the week's new inspections and their targets in one transaction: the inspections (sealed as every save seals
    /// them) in batches through the context, each batch untracked once saved; the targets in one statement per checklist, the
    /// zone's assets of its type, straight from the assets table. A round of thousands of zones is one write, not one
    /// tracked row per asset.
    /// </summary>
    private async Task SaveAsync(string week, List<Inspection> planned, CancellationToken cancellationToken)
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var batch in planned.Chunk(InspectionBatch))
            {
                db.Inspections.AddRange(batch);
                await db.SaveChangesAsync(cancellationToken);
                foreach (var inspection in batch)
                {
                    db.Entry(inspection).State = EntityState.Detached;
                }
            }

            var targets = Table<InspectionTarget>();
            var inspections = Table<Inspection>();
            var assets = Table<Asset>();
            foreach (var workflow in planned.Select(i => i.WorkflowId).Distinct())
            {
                var assetType = workflows.Current.Inspections.Single(w => w.Id == workflow).AssetType;
#pragma warning disable EF1002 // The table names come from the model; every value is a parameter.
                await db.Database.ExecuteSqlRawAsync(
                    $$"""
                    INSERT INTO {{targets}} ("InspectionId", "AssetId")
                    SELECT i."Id", a."Id"
                    FROM {{inspections}} AS i
                    JOIN {{assets}} AS a ON a."ZoneId" = i."ZoneId" AND a."Type" = {0}
                    WHERE i."Week" = {1} AND i."WorkflowId" = {2}
                      AND NOT EXISTS (SELECT 1 FROM {{targets}} AS t WHERE t."InspectionId" = i."Id")
                    """,
                    [assetType, week, workflow],
                    cancellationToken);
#pragma warning restore EF1002
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private string Table<T>() => $"\"{db.Model.FindEntityType(typeof(T))!.GetTableName()}\"";

    /// <summary>A random window on one of the schedule's days, preferring slots that are still ahead.</summary>
    internal (DateTimeOffset Start, DateTimeOffset End) DrawVisitWindow(VisitSchedule schedule, DateOnly monday, DateTimeOffset now)
    {
        var latestStart = schedule.LatestEnd.ToTimeSpan() - schedule.WindowLength;
        var slotMinutes = Math.Max(0, (int)(latestStart - schedule.EarliestStart.ToTimeSpan()).TotalMinutes);
        var days = Enumerable.Range(0, 7).Select(monday.AddDays).Where(d => schedule.Days.Contains(d.DayOfWeek)).ToList();

        var starts = days
            .SelectMany(day => Enumerable.Range(0, slotMinutes / 15 + 1)
                .Select(quarter => calendar.AtLocal(day, schedule.EarliestStart.AddMinutes(quarter * 15))))
            .ToList();
        var ahead = starts.Where(s => s > now).ToList();
        var pool = ahead.Count > 0 ? ahead : starts;
        var start = pool[RandomNumberGenerator.GetInt32(pool.Count)];
        return (start, start + schedule.WindowLength);
    }
}

public sealed record RoundResult(int Created, int Existing);
