using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.IntegrationTests;

/// <summary>The sweep's cost follows the number of due steps: SQLite answers its query from the NextStepAt index.</summary>
public sealed class SweepQueryPlanTests
{
    [Fact]
    public async Task The_sweep_finds_due_findings_through_the_next_step_index_without_scanning_the_table()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabaseFile());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();

        var sql = EscalationSweep.DueFindings(db, DateTimeOffset.UtcNow, 200).ToQueryString();

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
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, step => step.Contains("USING INDEX IX_Findings_NextStepAt", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN Findings", StringComparison.Ordinal));
    }
}
