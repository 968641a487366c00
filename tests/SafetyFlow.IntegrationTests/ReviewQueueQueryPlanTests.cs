using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// The review queue costs what waits for a decision, not every open finding of the group: the fixes and extension
/// requests waiting are found through the index on (ClosedAt, State, ZoneId), a supervisor's in their zones. Through
/// the index of open findings by due date, a supervisor's queue read all 123,000 open findings of a million to count
/// the few in their zones, and again to list the first due (469 ms a page).
/// </summary>
public sealed class ReviewQueueQueryPlanTests
{
    [Fact]
    public async Task A_supervisors_queue_seeks_the_waiting_states_in_their_zones()
    {
        var (counted, dueFirst) = await PlansAsync(new Viewer(Guid.NewGuid(), "sup", new HashSet<Role> { Role.Supervisor }, new HashSet<Guid> { Guid.NewGuid() }));

        AssertSeek([.. counted, .. dueFirst], "(ClosedAt=? AND State=? AND ZoneId=?)");
    }

    [Fact]
    public async Task A_queue_over_the_whole_group_seeks_the_waiting_states()
    {
        // A supervisor who is also in the safety office sees every zone's findings, and decides as a supervisor.
        // The shown ones, due first, are the first found walking the open findings in due order; counting them all is
        // what has to seek.
        var (counted, _) = await PlansAsync(new Viewer(Guid.NewGuid(), "safety", new HashSet<Role> { Role.Supervisor, Role.SafetyOffice }, new HashSet<Guid>()));

        AssertSeek(counted, "(ClosedAt=? AND State=?)");
    }

    /// <summary>The plans of the queue's statements: the fixes and the extension requests, counted, and listed due first.</summary>
    private static async Task<(List<List<string>> Counted, List<List<string>> DueFirst)> PlansAsync(Viewer viewer)
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var queue = scope.ServiceProvider.GetRequiredService<PendingDecisions>();
        var waiting = queue.Waiting(viewer);
        Assert.NotEmpty(waiting.FixStates);

        List<List<string>> counted = [], dueFirst = [];
        foreach (var findings in new[] { waiting.Fixes, waiting.Extensions })
        {
            counted.Add(await QueryPlans.OfAsync(db, findings.Select(f => f.Id)));
            dueFirst.Add(await QueryPlans.OfAsync(db, queue.DueFirst(findings)));
        }

        return (counted, dueFirst);
    }

    /// <summary>Every statement seeks the index, on SQLite by the given columns; PostgreSQL names the index it scans.</summary>
    private static void AssertSeek(List<List<string>> plans, string sqliteSeek) =>
        Assert.All(plans, plan =>
        {
            Assert.Contains(plan, step => TestDatabase.IsPostgres
                ? step.Contains("\"IX_Findings_ClosedAt_State_ZoneId\"", StringComparison.Ordinal)
                : step.Contains("INDEX IX_Findings_ClosedAt_State_ZoneId " + sqliteSeek, StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("Seq Scan on \"Findings\"", StringComparison.Ordinal)
                || step.StartsWith("SCAN f", StringComparison.Ordinal)
                || step.Contains("IX_Findings_ClosedAt_DueAt", StringComparison.Ordinal));
        });
}
