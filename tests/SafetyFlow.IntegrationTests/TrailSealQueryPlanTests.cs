using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// A submit's cost does not follow the size of the trail: sealing a new finding reads the latest first record through
/// the (From, Id) index instead of scanning every history record.
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
}
