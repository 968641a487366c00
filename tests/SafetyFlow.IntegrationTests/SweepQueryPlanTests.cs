using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Delivery;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.IntegrationTests;

/// <summary>The sweep's cost follows the number of due steps: the database answers its query from the NextStepAt index.</summary>
public sealed class SweepQueryPlanTests
{
    [Fact]
    public async Task The_sweep_finds_due_findings_through_the_next_step_index_without_scanning_the_table()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();

        var plan = await QueryPlans.OfAsync(db, EscalationSweep.DueFindings(db, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 200));

        if (TestDatabase.IsPostgres)
        {
            Assert.Contains(plan, step => step.Contains("Index Scan using \"IX_Findings_NextStepAt\"", StringComparison.Ordinal)
                || step.Contains("Bitmap Index Scan on \"IX_Findings_NextStepAt\"", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("Seq Scan on \"Findings\"", StringComparison.Ordinal));
            return;
        }

        Assert.Contains(plan, step => step.Contains("USING INDEX IX_Findings_NextStepAt", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN Findings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_drain_claims_the_oldest_unplanned_rows_in_index_order_without_sorting_them()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();

        var plan = await QueryPlans.OfAsync(db, OutboxDrain.Unplanned(db, DateTimeOffset.UtcNow).Take(500));

        if (TestDatabase.IsPostgres)
        {
            Assert.Contains(plan, step => step.Contains("\"IX_Outbox_ProcessedAt_CreatedAt_Id\"", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("Seq Scan on \"Outbox\"", StringComparison.Ordinal));
            return;
        }

        Assert.Contains(plan, step => step.Contains("INDEX IX_Outbox_ProcessedAt_CreatedAt_Id", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
