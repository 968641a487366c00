using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Seeder;

/// <summary>
/// Writes the weeks of history: in each week, the inspections that found something, submitted with their answers, and
/// the findings they raised, each played forward to now. Saved a few hundred findings at a time, each batch in its own
/// context with the app's interceptors, which seal every record into the trail as it is saved.
/// </summary>
public sealed class HistoryWriter(IServiceProvider services, SeedSettings settings, Catalogs catalogs, WorkCalendar calendar, Random random)
{
    private const int FindingsPerSave = 250;
    private readonly Dictionary<(Guid Zone, string Workflow, string Item), (Guid Id, DateTimeOffset At)> _latest = [];
    private readonly Telling _telling = new(catalogs.Org, catalogs.Catalog, calendar);

    private readonly Dictionary<(Guid Zone, string Workflow, string Item), (Guid Id, DateTimeOffset At)> _raisedInBatch = [];
    private readonly System.Diagnostics.Stopwatch _saving = new();

    public int Notifications => _telling.Notifications;

    /// <summary>Time spent in SaveChanges (sealing included), the rest being the history played in memory.</summary>
    public TimeSpan Saving => _saving.Elapsed;

    public async Task WriteAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        var story = new FindingStory(catalogs, _telling, settings.Now);
        var planner = new WeekPlanner(catalogs, random);
        var dueWeeks = Math.Max(2, (int)Math.Ceiling(1.5 * settings.Due * settings.Weeks / Math.Max(1, settings.Findings)));
        var duePerFinding = Math.Min(1.0, settings.Due / (settings.Findings * (double)Math.Min(dueWeeks, settings.Weeks) / settings.Weeks * 0.85));
        for (var w = 0; w < settings.Weeks; w++)
        {
            var weekStart = calendar.StartOfWeek(calendar.WeekOf(settings.Now - TimeSpan.FromDays(7 * (settings.Weeks - w))));
            var count = (int)((long)settings.Findings * (w + 1) / settings.Weeks - (long)settings.Findings * w / settings.Weeks);
            var dueShare = settings.Weeks - w <= dueWeeks ? duePerFinding : 0;
            var inspections = planner.Plan(weekStart, count);
            foreach (var batch in WeekPlanner.Batches(inspections, FindingsPerSave))
            {
                await SaveAsync(batch, story, dueShare, cancellationToken);
            }

            if ((w + 1) % 10 == 0 || w == settings.Weeks - 1)
            {
                progress($"week {w + 1}/{settings.Weeks} ({calendar.WeekOf(weekStart)})");
            }
        }
    }

    private async Task SaveAsync(List<PlannedInspection> batch, FindingStory story, double dueShare, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        await FastWritesAsync(db, cancellationToken);

        // Every row is added whole, so nothing needs detecting; the trail's interceptor reads the tracked entries many
        // times per save, and each read would otherwise compare every tracked row again.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var lifecycle = catalogs.Lifecycle.Definition;
        var submitted = new List<(PlannedInspection Planned, Inspection Inspection, DateTimeOffset At)>();
        foreach (var planned in batch)
        {
            var zone = planned.Zone;
            var week = calendar.WeekOf(planned.Start);
            var weekStart = calendar.StartOfWeek(week);
            var inspection = Inspection.Create(
                planned.Workflow.Id, planned.Workflow.ContentHash, zone.Zone.Id, week, planned.Start, planned.Start + planned.Workflow.Schedule.WindowLength,
                weekStart + TimeSpan.FromDays(7), weekStart, zone.AssetsByType[planned.Workflow.AssetType].Select(a => a.Id));
            var at = planned.Start + TimeSpan.FromMinutes(40);
            inspection.Submit(zone.Member.Id, Answers(inspection.Id, planned), at);
            db.Inspections.Add(inspection);
            submitted.Add((planned, inspection, at));
        }

        // The inspections go first, in a save of their own, so that the findings' insert order depends on nothing else.
        _saving.Start();
        await db.SaveChangesAsync(cancellationToken);
        _saving.Stop();
        db.ChangeTracker.Clear();

        var findings = new List<Finding>();
        foreach (var (planned, inspection, at) in submitted)
        {
            foreach (var failure in planned.Failures)
            {
                var finding = Raise(inspection, planned.Zone, failure, at, lifecycle);
                findings.Add(finding);
                var eligible = finding.DueAt - (finding.Severity == Severity.Major ? TimeSpan.Zero : TimeSpan.FromDays(1)) <= settings.Now;
                var outcome = eligible && random.NextDouble() < dueShare ? Outcome.DueNow : FindingStory.Draw(random);
                story.Play(finding, planned.Zone, outcome, random);
            }
        }

        // Added in the order of their ids, which is the order the new rows are inserted in: the trail links each new
        // finding to the one added before it, and a finding may only follow one stored before it.
        foreach (var finding in findings.OrderBy(f => f.Id))
        {
            db.Findings.Add(finding);
        }

        _saving.Start();
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await _telling.Rows.SaveAsync(db, cancellationToken);
        _saving.Stop();

        // A finding repeats a stored one, as in the app: one raised in the same save would have to be inserted before
        // it, out of the order the trail links them in.
        foreach (var (key, raised) in _raisedInBatch)
        {
            _latest[key] = raised;
        }

        _raisedInBatch.Clear();
    }

    /// <summary>The failed answers, and two passed items on each failed asset: the rest of each checklist is not kept.</summary>
    private static IEnumerable<InspectionResult> Answers(Guid inspectionId, PlannedInspection planned)
    {
        var failed = planned.Failures.Select(f => (f.Asset.Id, f.Item.ItemId)).ToHashSet();
        foreach (var failure in planned.Failures)
        {
            yield return new InspectionResult { InspectionId = inspectionId, AssetId = failure.Asset.Id, ItemId = failure.Item.ItemId, Outcome = ItemOutcome.Fail, Value = failure.Value, Note = "Found on the weekly round" };
        }

        foreach (var asset in planned.Failures.Select(f => f.Asset).Distinct())
        {
            foreach (var item in planned.Workflow.Items.Where(i => i.Kind == ItemKind.Check && !failed.Contains((asset.Id, i.ItemId))).Take(2))
            {
                yield return new InspectionResult { InspectionId = inspectionId, AssetId = asset.Id, ItemId = item.ItemId, Outcome = ItemOutcome.Pass };
            }
        }
    }

    private Finding Raise(Inspection inspection, BenchZone zone, PlannedFailure failure, DateTimeOffset at, RectificationWorkflow lifecycle)
    {
        var key = (zone.Zone.Id, inspection.WorkflowId, failure.Item.ItemId);
        var repeatOf = lifecycle.Repeats is { } repeats && _latest.TryGetValue(key, out var earlier) && earlier.At >= at - repeats.Window && random.NextDouble() < 0.15
            ? earlier.Id
            : (Guid?)null;
        var fixedOnSpot = repeatOf is null && failure.Item.Severity == Severity.General && random.NextDouble() < 0.08;
        var finding = Finding.Raise(
            new RaiseFindingCommand(
                inspection.Id, zone.Zone.Id, zone.Zone.UnitId, failure.Asset.Id, inspection.WorkflowId, failure.Item.ItemId, failure.Asset.Type,
                failure.Item.Severity, failure.Asset.OwnerId, zone.Member.Actor, failure.Value, "Found on the weekly round", fixedOnSpot),
            lifecycle,
            at,
            repeatOf);
        _raisedInBatch[key] = (finding.Id, at);
        return finding;
    }

    /// <summary>The history is written once and checked afterwards: no need to wait for the disk on each batch.</summary>
    private static async Task FastWritesAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? "PRAGMA synchronous=OFF" : "SET synchronous_commit=off", cancellationToken);
    }
}
