using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Audit;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// A submit's cost does not follow the size of the trail: sealing a new finding reads the latest first record through
/// the (From, Id) index instead of scanning every history record. Nor does a page of a full check: the records a page's
/// first records follow are found by their hashes, not among every first record. Nor does a resumed check: the findings
/// written since its checkpoint are found through the records' key, not by reading every record's finding, and the
/// inspections created or submitted since it through an index on each time, not by walking every inspection.
/// </summary>
public sealed class TrailSealQueryPlanTests
{
    [Fact]
    public async Task Sealing_a_new_finding_finds_the_latest_first_record_through_its_index_without_scanning_the_history()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var query = AuditTrailInterceptor.LastFirstRecord(db).Take(1);

        var plan = await QueryPlans.OfAsync(db, query);

        if (TestDatabase.IsPostgres)
        {
            Assert.Contains(plan, step => step.Contains("Index Scan Backward using \"IX_FindingTransitions_From_Id\"", StringComparison.Ordinal)
                || step.Contains("Index Scan using \"IX_FindingTransitions_From_Id\"", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("Seq Scan on \"FindingTransitions\"", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.TrimStart(' ', '-', '>').StartsWith("Sort", StringComparison.Ordinal));
            return;
        }

        Assert.Contains(plan, step => step.Contains("USING INDEX IX_FindingTransitions_From_Id", StringComparison.Ordinal)
            || step.Contains("USING COVERING INDEX IX_FindingTransitions_From_Id", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN FindingTransitions", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_full_check_finds_the_records_a_page_follows_through_the_hash_index_without_walking_every_first_record()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var query = VerifyTrail.RecordsHashed(db, [new string('a', 64), new string('b', 64)]);

        var plan = await QueryPlans.OfAsync(db, query);

        if (TestDatabase.IsPostgres)
        {
            Assert.Contains(plan, step => step.Contains("\"IX_FindingTransitions_Hash\"", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("IX_FindingTransitions_From_Id", StringComparison.Ordinal));
            return;
        }

        Assert.Contains(plan, step => step.Contains("INDEX IX_FindingTransitions_Hash (Hash=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("IX_FindingTransitions_From_Id", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN FindingTransitions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_resumed_check_finds_the_findings_written_since_its_checkpoint_through_the_records_key()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var query = VerifyTrail.FindingsOfRecordsAfter(db, 1_000);

        var plan = await QueryPlans.OfAsync(db, query);

        if (TestDatabase.IsPostgres)
        {
            Assert.Contains(plan, step => step.Contains("\"PK_FindingTransitions\"", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("IX_FindingTransitions_FindingId_Id", StringComparison.Ordinal));
            return;
        }

        Assert.Contains(plan, step => step.Contains("USING INTEGER PRIMARY KEY (rowid>?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("IX_FindingTransitions_FindingId_Id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_resumed_check_finds_the_inspections_created_or_submitted_since_its_checkpoint_through_their_indexes()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var query = VerifyTrail.InspectionsChangedSince(db, new DateTimeOffset(2026, 12, 5, 16, 0, 0, TimeSpan.Zero));

        var plan = await QueryPlans.OfAsync(db, query);

        if (TestDatabase.IsPostgres)
        {
            Assert.Contains(plan, step => step.Contains("\"IX_Inspections_CreatedAt\"", StringComparison.Ordinal));
            Assert.Contains(plan, step => step.Contains("\"IX_Inspections_SubmittedAt\"", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("Seq Scan on \"Inspections\"", StringComparison.Ordinal));
            return;
        }

        Assert.Contains(plan, step => step.Contains("INDEX IX_Inspections_CreatedAt (CreatedAt>?)", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("INDEX IX_Inspections_SubmittedAt (SubmittedAt>?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN Inspections", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_checkpoints_records_are_counted_from_an_index_and_the_few_after_it_without_reading_every_record_up_to_it()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var query = TrailCheckpoints.RecordsUpTo(db, 1_000);

        var plan = await QueryPlans.OfAsync(db, query);

        if (TestDatabase.IsPostgres)
        {
            Assert.Contains(plan, step => step.Contains("Index Cond: (\"Id\" > ", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("\"Id\" <=", StringComparison.Ordinal));
            return;
        }

        Assert.Contains(plan, step => step.StartsWith("SCAN FindingTransitions USING COVERING INDEX", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("USING INTEGER PRIMARY KEY (rowid>?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("rowid<", StringComparison.Ordinal));
    }
}
