using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.IntegrationTests.Time;

/// <summary>
/// A save compares its tracked entities with their snapshots a fixed number of times, however many findings it changes:
/// once for the notifications, once for the trail's seals and once for the save itself. A sweep batch of hundreds of steps
/// tracks thousands of entities, and each further comparison scans them all again: the sweep compares its batch once,
/// before the save, and the save and its interceptors read it as compared.
/// </summary>
public sealed class SaveScanTests
{
    [Theory]
    [InlineData("Manual")]
    [InlineData("System")]
    public async Task A_save_commenting_on_twenty_findings_scans_its_changes_three_times_and_its_records_and_notices_are_all_there(string clock)
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?> { ["SafetyFlow:Clock:Mode"] = clock });
        var ids = await SweepClaimTests.RaiseFindingsAsync(app);
        Assert.True(ids.Count >= 20, $"{ids.Count} findings were raised.");

        int scans;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            var office = await db.Users.SingleAsync(u => u.UserName == "safety1");
            var actor = new FindingActor(office.Id, "safety1", new HashSet<Role> { Role.SafetyOffice }, SupervisesZone: false);
            var findings = await db.Findings.Where(f => ids.Contains(f.Id)).ToListAsync();
            foreach (var finding in findings)
            {
                finding.Comment(actor, "Seen on the round.", now);
            }

            var counted = 0;
            db.ChangeTracker.DetectingAllChanges += (_, _) => counted++;
            await db.SaveChangesAsync();
            scans = counted;
        }

        Assert.Equal(3, scans);
        await SavedWork.AssertCommentedAsync(app, ids);
    }

    [Fact]
    public async Task A_sweep_batch_is_compared_once_before_its_save_and_every_step_record_seal_and_notice_is_there()
    {
        var saves = new StepSaves();
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase(), services: services => TestDatabase.AddInterceptor(services, saves));
        var ids = await SweepClaimTests.RaiseFindingsAsync(app);

        // Their first reminders come due together, and the sweep that moving the clock runs fires them in one batch.
        var raised = saves.Saved.Count;
        await EscalationTests.AdvanceAsync(await app.SignInAsync("admin"), "P6D");

        var batch = Assert.Single(saves.Saved.Skip(raised), s => s.Steps > 1);
        Assert.Equal(ids.Count, batch.Steps);
        Assert.False(batch.Detecting, "The batch's save compared every tracked entity again.");
        Assert.Equal(ids.Count, await SavedWork.ReadAsync(app, db => db.Findings.CountAsync(f => ids.Contains(f.Id) && f.History.Count == 2)));
        Assert.Equal(ids.Count, await SavedWork.ReadAsync(app, db => SavedWork.FindingsToldAsync(db, ids, NotificationTexts.Reminder)));
        await SavedWork.AssertTrailHoldsAsync(app);
    }

    /// <summary>Each save that adds history records: how many, and whether it was to compare the whole tracker again.</summary>
    private sealed class StepSaves : SaveChangesInterceptor
    {
        private readonly ConcurrentQueue<(int Steps, bool Detecting)> _saved = new();

        public IReadOnlyList<(int Steps, bool Detecting)> Saved => [.. _saved];

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var tracker = eventData.Context!.ChangeTracker;
            var detecting = tracker.AutoDetectChangesEnabled;
            tracker.AutoDetectChangesEnabled = false;
            var steps = tracker.Entries<FindingTransition>().Count(e => e.State == EntityState.Added);
            tracker.AutoDetectChangesEnabled = detecting;
            if (steps > 0)
            {
                _saved.Enqueue((steps, detecting));
            }

            return ValueTask.FromResult(result);
        }
    }
}
