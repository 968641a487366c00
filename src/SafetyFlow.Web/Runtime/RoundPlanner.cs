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
public sealed class RoundPlanner(SafetyFlowDbContext db, WorkflowRegistry workflows, WorkCalendar calendar, TimeProvider clock, TrailKey trailKey)
{
    public async Task<RoundResult> CreateAsync(string week, CancellationToken cancellationToken)
    {
        try
        {
            return await CreateOnceAsync(week, cancellationToken);
        }
        catch (Exception exception) when (SaveConflicts.IsUniqueViolation(exception))
        {
            // Another node created some of the same inspections at the same moment (the insert is a statement of its own, so
            // the database's exception arrives as it is); the transaction rolled back, so count again.
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
        var slots = workflows.Current.Inspections.ToDictionary(w => w.Id, w => VisitSlots(w.Schedule, weekStartDate, now));
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

                var starts = slots[workflow.Id];
                var start = starts[RandomNumberGenerator.GetInt32(starts.Count)];
                var end = start + workflow.Schedule.WindowLength;
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
    /// Saves the week's new inspections and their targets in one transaction: the inspections sealed here, as a save seals a
    /// new inspection (it has no answers yet), and written a few hundred rows a statement (<see cref="MultiRowInsert"/>); the
    /// targets in one statement per checklist, the zone's assets of its type, straight from the assets table. A round of
    /// thousands of zones is a few statements, not a tracked row per inspection and per asset.
    /// </summary>
    private async Task SaveAsync(string week, List<Inspection> planned, CancellationToken cancellationToken)
    {
        foreach (var inspection in planned)
        {
            inspection.SealAnswers(trailKey, []);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await MultiRowInsert.InsertAsync(db, planned, cancellationToken);

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

    private string Table<T>() => $"\"{db.Model.FindEntityType(typeof(T))!.GetTableName()}\"";

    /// <summary>
    /// The starts a visit window of the week may have: every quarter hour of the schedule's hours on its days, only those
    /// still ahead if any are. Worked out once a checklist a round; each zone's window is drawn from them.
    /// </summary>
    private List<DateTimeOffset> VisitSlots(VisitSchedule schedule, DateOnly monday, DateTimeOffset now)
    {
        var latestStart = schedule.LatestEnd.ToTimeSpan() - schedule.WindowLength;
        var slotMinutes = Math.Max(0, (int)(latestStart - schedule.EarliestStart.ToTimeSpan()).TotalMinutes);
        var days = Enumerable.Range(0, 7).Select(monday.AddDays).Where(d => schedule.Days.Contains(d.DayOfWeek)).ToList();

        var starts = days
            .SelectMany(day => Enumerable.Range(0, slotMinutes / 15 + 1)
                .Select(quarter => calendar.AtLocal(day, schedule.EarliestStart.AddMinutes(quarter * 15))))
            .ToList();
        var ahead = starts.Where(s => s > now).ToList();
        return ahead.Count > 0 ? ahead : starts;
    }
}

public sealed record RoundResult(int Created, int Existing);
