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
/// the few in their zones, and again to list the first due (469 ms a page). Extension requests wait in a state most
/// open findings are in; the whole group's (the leadership's) are counted and listed from an index of the open findings
/// with a request pending (31 of 77,903 open at a million findings), not by reading every open finding in that state
/// (283 ms to count them, 216 ms to list them).
/// </summary>
public sealed class ReviewQueueQueryPlanTests
{
    [Fact]
    public async Task A_supervisors_queue_seeks_the_waiting_states_in_their_zones()
    {
        var (counted, dueFirst) = await PlansAsync(new Viewer(Guid.NewGuid(), "sup", new HashSet<Role> { Role.Supervisor }, new HashSet<Guid> { Guid.NewGuid() }));

        AssertSeek([counted[0], dueFirst[0]], "(ClosedAt=? AND State=? AND ZoneId=?)");
        Assert.All([counted[1], dueFirst[1]], plan =>
        {
            // A supervisor's extension requests: either index seeks them, their zones' open findings or the pending ones.
            AssertNoWalk([plan]);
            Assert.Contains(plan, step => step.Contains("IX_Findings_ClosedAt_State_ZoneId", StringComparison.Ordinal)
                || step.Contains("IX_Findings_PendingExtensions", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task A_queue_over_the_whole_group_seeks_the_waiting_states()
    {
        // A supervisor who is also in the safety office sees every zone's findings, and decides as a supervisor.
        // The shown ones, due first, are the first found walking the open findings in due order; counting them all is
        // what has to seek.
        var (counted, _) = await PlansAsync(new Viewer(Guid.NewGuid(), "safety", new HashSet<Role> { Role.Supervisor, Role.SafetyOffice }, new HashSet<Guid>()));

        AssertSeek([counted[0]], "(ClosedAt=? AND State=?)");
        AssertPendingExtensions(counted[1]);
    }

    [Fact]
    public async Task The_leaderships_extension_requests_are_counted_and_listed_from_the_pending_ones_alone()
    {
        var leadership = new Viewer(Guid.NewGuid(), "leader", new HashSet<Role> { Role.Supervisor }, new HashSet<Guid> { Guid.NewGuid() }, SupervisesEveryUnit: true);

        var (counted, dueFirst) = await PlansAsync(leadership);

        AssertPendingExtensions(counted[1]);
        AssertPendingExtensions(dueFirst[1]);
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
    private static void AssertSeek(List<List<string>> plans, string sqliteSeek)
    {
        AssertNoWalk(plans);
        Assert.All(plans, plan => Assert.Contains(plan, step => TestDatabase.IsPostgres
            ? step.Contains("\"IX_Findings_ClosedAt_State_ZoneId\"", StringComparison.Ordinal)
            : step.Contains("INDEX IX_Findings_ClosedAt_State_ZoneId " + sqliteSeek, StringComparison.Ordinal)));
    }

    /// <summary>The statement reads the index of the open findings with an extension request pending.</summary>
    private static void AssertPendingExtensions(List<string> plan)
    {
        AssertNoWalk([plan]);
        Assert.Contains(plan, step => step.Contains("IX_Findings_PendingExtensions", StringComparison.Ordinal));
    }

    /// <summary>No statement reads the findings whole or walks the open ones in due order.</summary>
    private static void AssertNoWalk(List<List<string>> plans) =>
        Assert.All(plans, plan => Assert.DoesNotContain(plan, step => step.Contains("Seq Scan on \"Findings\"", StringComparison.Ordinal)
            || step.StartsWith("SCAN f", StringComparison.Ordinal)
            || step.Contains("IX_Findings_ClosedAt_DueAt", StringComparison.Ordinal)));
}
