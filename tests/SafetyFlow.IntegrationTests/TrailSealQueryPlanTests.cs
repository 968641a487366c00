using Microsoft.EntityFrameworkCore;
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

        var plan = TestDatabase.IsPostgres ? await PostgresPlanAsync(db, query) : await SqlitePlanAsync(db, query);

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

    private static async Task<List<string>> SqlitePlanAsync(SafetyFlowDbContext db, IQueryable<string> query)
    {
        var sql = query.ToQueryString();

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
    /// shows whether the index can answer the query at all.
    /// </summary>
    private static async Task<List<string>> PostgresPlanAsync(SafetyFlowDbContext db, IQueryable<string> query)
    {
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
        await using var command = query.CreateDbCommand();
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
