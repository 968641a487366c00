using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.IntegrationTests.Inspections;

/// <summary>
/// The submission writer saves one submission after another, so what a save can do on its own is done before the
/// hand-over, in the caller: its changes are compared with their snapshots there, once, and its notifications composed.
/// What the writer then saves is all of it: every record, every seal (set during the save, on entities the save does not
/// compare again) and every notice.
/// </summary>
public sealed class SubmissionWriterTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?> { ["SafetyFlow:Clock:Mode"] = "System" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_save_handed_to_the_writer_is_compared_once_in_the_caller_and_stores_every_record_seal_and_notice()
    {
        var ids = await SweepClaimTests.RaiseFindingsAsync(_app);
        int scans;
        using (var scope = _app.Services.CreateScope())
        {
            var db = await CommentAsync(scope, ids);
            var counted = 0;
            db.ChangeTracker.DetectingAllChanges += (_, _) => counted++;
            await scope.ServiceProvider.GetRequiredService<SubmissionWriter>().SaveAsync(db, CancellationToken.None);
            scans = counted;
            Assert.True(db.ChangeTracker.AutoDetectChangesEnabled, "The caller's context compares its changes again after the save.");
        }

        // A direct save compares three times (SaveScanTests); through the writer, once, before the hand-over.
        Assert.Equal(1, scans);
        await SavedWork.AssertCommentedAsync(_app, ids);
    }

    [Fact]
    public async Task A_finding_changed_after_the_notices_were_composed_ahead_is_told_too()
    {
        var ids = await SweepClaimTests.RaiseFindingsAsync(_app);
        using (var scope = _app.Services.CreateScope())
        {
            var db = await CommentAsync(scope, ids.Take(1));
            await scope.ServiceProvider.GetRequiredService<FindingEventDispatcher>().PrepareAsync(db, CancellationToken.None);
            await CommentAsync(scope, ids.Skip(1));
            await db.SaveChangesAsync();
        }

        await SavedWork.AssertCommentedAsync(_app, ids);
    }

    [Fact]
    public async Task A_context_whose_notices_were_composed_ahead_refuses_a_synchronous_save_and_stores_nothing()
    {
        var ids = await SweepClaimTests.RaiseFindingsAsync(_app);
        using (var scope = _app.Services.CreateScope())
        {
            var db = await CommentAsync(scope, ids.Take(1));
            await scope.ServiceProvider.GetRequiredService<FindingEventDispatcher>().PrepareAsync(db, CancellationToken.None);

            // Its events are taken; a synchronous save would store the comment and drop its owner's notice.
            Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        }

        Assert.Equal(0, await SavedWork.ReadAsync(_app, db => db.FindingTransitions.CountAsync(t => ids.Contains(t.FindingId) && t.Action == Finding.CommentAction)));
    }

    /// <summary>The safety office comments on the findings, in the scope's context, not yet saved.</summary>
    private static async Task<SafetyFlowDbContext> CommentAsync(IServiceScope scope, IEnumerable<Guid> which)
    {
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var office = await db.Users.SingleAsync(u => u.UserName == "safety1");
        var actor = new FindingActor(office.Id, "safety1", new HashSet<Role> { Role.SafetyOffice }, SupervisesZone: false);
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var ids = which.ToList();
        foreach (var finding in await db.Findings.Where(f => ids.Contains(f.Id)).ToListAsync())
        {
            finding.Comment(actor, "Seen on the round.", now);
        }

        return db;
    }
}
