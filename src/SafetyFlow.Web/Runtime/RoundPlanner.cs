using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Runtime;

/// <summary>
/// Creates a week's inspections: one per zone and inspection workflow that has assets of its type in the zone, each with
/// an unannounced visit window drawn at random inside the week. Idempotent by zone, workflow and ISO week.
/// </summary>
public sealed class RoundPlanner(SafetyFlowDbContext db, WorkflowRegistry workflows, WorkCalendar calendar, TimeProvider clock)
{
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
        foreach (var zone in assets.GroupBy(a => a.ZoneId))
        {
            foreach (var workflow in workflows.Current.Inspections)
            {
                var targets = zone.Where(a => a.Type == workflow.AssetType).Select(a => a.Id).ToList();
                if (targets.Count == 0)
                {
                    continue;
                }

                if (existing.Contains((zone.Key, workflow.Id)))
                {
                    already++;
                    continue;
                }

                var (start, end) = DrawVisitWindow(workflow.Schedule, weekStartDate, now);
                db.Inspections.Add(Inspection.Create(workflow.Id, workflow.ContentHash, zone.Key, week, start, end, dueAt, now, targets));
                created++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new RoundResult(created, already);
    }

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
