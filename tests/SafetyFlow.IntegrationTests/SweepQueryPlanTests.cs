using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
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

        var plan = TestDatabase.IsPostgres ? await PostgresPlanAsync(db) : await SqlitePlanAsync(db);

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

    private static async Task<List<string>> SqlitePlanAsync(SafetyFlowDbContext db)
    {
        var sql = EscalationSweep.DueFindings(db, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 200).ToQueryString();

        // ToQueryString declares parameters as ".param set" lines; EXPLAIN takes the statement with literals.
        var lines = sql.Split('\n');
        var statement = string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        foreach (var parameter in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var parts = parameter.Split(' ', 4);
            statement = statement.Replace(parts[2], parts[3].Trim(), StringComparison.Ordinal);
        }

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + statement;
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }

    /// <summary>
    /// PostgreSQL's planner scans a table this small whatever its indexes; with sequential scans priced out, the plan
    /// shows whether the index can answer the sweep's query at all.
    /// </summary>
    private static async Task<List<string>> PostgresPlanAsync(SafetyFlowDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
        await using var command = EscalationSweep.DueFindings(db, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 200).CreateDbCommand();
        command.CommandText = "EXPLAIN " + command.CommandText;
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        return plan;
    }
}
