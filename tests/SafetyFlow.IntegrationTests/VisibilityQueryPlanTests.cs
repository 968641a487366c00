using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// A supervisor's, member's or owner's finding list costs what they may see, not the whole group's findings: the
/// findings are read through the owner's index and their zones' (a million findings walked to their zones took two
/// seconds a page), and the zones the list's filter offers are read once, not asked of every zone of the group in turn.
/// The whole group's list, due first, reads its page in due order from an index instead of sorting every finding.
/// </summary>
public sealed class VisibilityQueryPlanTests
{
    [Fact]
    public async Task A_supervisors_list_reads_their_zones_and_their_own_findings_through_indexes()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var query = scope.ServiceProvider.GetRequiredService<FindingReader>().Visible(Supervisor()).OrderBy(f => f.DueAt).ThenBy(f => f.Id).Take(51);

        var plan = await QueryPlans.OfAsync(db, query);

        if (TestDatabase.IsPostgres)
        {
            Assert.Contains(plan, step => step.Contains("\"IX_Findings_OwnerId\"", StringComparison.Ordinal));
            Assert.Contains(plan, step => step.Contains("\"IX_Findings_ZoneId_RaisedAt\"", StringComparison.Ordinal));
            return;
        }

        Assert.Contains(plan, step => step.Contains("INDEX IX_Findings_OwnerId (OwnerId=?)", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("INDEX IX_Findings_ZoneId_RaisedAt (ZoneId=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN f", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_zones_a_supervisors_list_offers_are_read_once_not_asked_zone_by_zone()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var query = scope.ServiceProvider.GetRequiredService<ListFindings>().ZonesOffered(Supervisor());

        var plan = await QueryPlans.OfAsync(db, query);

        if (TestDatabase.IsPostgres)
        {
            // A hashed subplan is run once for every zone; a plain one would be run for each zone in turn.
            Assert.DoesNotContain(plan, step => step.Contains("Filter:", StringComparison.Ordinal) && step.Contains("(SubPlan", StringComparison.Ordinal));
            Assert.Contains(plan, step => step.Contains("\"IX_Findings_OwnerId\"", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("Seq Scan on \"Findings\"", StringComparison.Ordinal));
            return;
        }

        Assert.DoesNotContain(plan, step => step.Contains("CORRELATED", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("INDEX IX_Findings_OwnerId (OwnerId=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN f", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_whole_groups_list_in_due_order_reads_a_page_through_the_due_index_without_sorting_every_finding(bool descending)
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var office = new Viewer(Guid.NewGuid(), "safety", new HashSet<Role> { Role.SafetyOffice }, new HashSet<Guid>());
        var query = FindingOrder.Apply(scope.ServiceProvider.GetRequiredService<FindingReader>().Visible(office), "due", descending).Skip(50).Take(50);

        var plan = await QueryPlans.OfAsync(db, query);

        if (TestDatabase.IsPostgres)
        {
            Assert.Contains(plan, step => step.Contains("\"IX_Findings_DueAt_Id\"", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("Sort", StringComparison.Ordinal));
            return;
        }

        Assert.Contains(plan, step => step.StartsWith("SCAN f USING INDEX IX_Findings_DueAt_Id", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("raised", false)]
    [InlineData("raised", true)]
    [InlineData("closed", false)]
    [InlineData("until", false)]
    public async Task A_list_from_a_day_in_due_order_is_read_through_that_times_index_and_one_only_until_a_day_in_due_order(string period, bool descending)
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var office = new Viewer(Guid.NewGuid(), "safety", new HashSet<Role> { Role.SafetyOffice }, new HashSet<Guid>());
        var request = new ListFindingsRequest(null, null, null, null, null, null, null, office, "en")
        {
            Category = "electrical",
            From = period == "raised" ? "2026-10-01" : null,
            ClosedFrom = period == "closed" ? "2026-11-01" : null,
            To = period == "until" ? "2026-10-01" : null,
            Dir = descending ? "desc" : null,
        };
        var query = scope.ServiceProvider.GetRequiredService<ListFindings>().Ordered(request).Take(50);

        var plan = await QueryPlans.OfAsync(db, query);

        if (period == "until")
        {
            // Only a last day: the findings raised before it come early in due order, so SQLite may read the page in
            // due order; PostgreSQL chooses by its statistics.
            Assert.True(TestDatabase.IsPostgres || plan.Any(step => step.Contains("IX_Findings_DueAt_Id", StringComparison.Ordinal)), string.Join('\n', plan));
            return;
        }

        Assert.DoesNotContain(plan, step => step.Contains("IX_Findings_DueAt_Id", StringComparison.Ordinal));
        if (!TestDatabase.IsPostgres)
        {
            Assert.Contains(plan, step => step.StartsWith(period == "raised" ? "SEARCH f USING INDEX IX_Findings_RaisedAt (RaisedAt>?)" : "SEARCH f USING INDEX IX_Findings_ClosedAt_DueAt (ClosedAt>?)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_owners_own_open_findings_are_read_through_the_owners_index_not_the_groups_open_findings_in_due_order()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var owner = new Viewer(Guid.NewGuid(), "owner", new HashSet<Role> { Role.Owner }, new HashSet<Guid>());
        var findings = scope.ServiceProvider.GetRequiredService<MyFindings>();

        var open = await QueryPlans.OfAsync(db, findings.Open(owner));
        var closed = await QueryPlans.OfAsync(db, findings.Closed(owner));

        // PostgreSQL chooses by its statistics, and can answer both through the owner's index; SQLite keeps none and
        // took the index on (closed, due) whenever the order allowed it: every open finding of the group, in due order.
        if (TestDatabase.IsPostgres)
        {
            Assert.Contains(open, step => step.Contains("\"IX_Findings_OwnerId\"", StringComparison.Ordinal));
            Assert.Contains(closed, step => step.Contains("\"IX_Findings_OwnerId\"", StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains(open, step => step.Contains("INDEX IX_Findings_OwnerId (OwnerId=?)", StringComparison.Ordinal));
            Assert.DoesNotContain(open, step => step.Contains("IX_Findings_ClosedAt_DueAt", StringComparison.Ordinal));
            Assert.Contains(closed, step => step.Contains("INDEX IX_Findings_OwnerId (OwnerId=?)", StringComparison.Ordinal));
        }
    }

    private static Viewer Supervisor() =>
        new(Guid.NewGuid(), "sup", new HashSet<Role> { Role.Supervisor }, new HashSet<Guid> { Guid.NewGuid() });
}
