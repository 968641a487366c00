using Npgsql;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>Several nodes on one Hangfire.PostgreSql job store: a recurring job runs once per occurrence in the cluster, not once per node.</summary>
public sealed class RecurringJobsAcrossNodesTests
{
    /// <summary>The sweep's runs that Hangfire started from its schedule: the occurrence each belongs to, the node that ran it, and how it ended.</summary>
    private const string SweepRuns = """
        SELECT j.id, j.createdat, j.statename, t.value AS occurrence,
               (SELECT s.data FROM hangfire.state s WHERE s.jobid = j.id AND s.name = 'Processing' ORDER BY s.id LIMIT 1) AS processing
        FROM hangfire.job j
        JOIN hangfire.jobparameter r ON r.jobid = j.id AND r.name = 'RecurringJobId' AND r.value = '"escalation-sweep"'
        LEFT JOIN hangfire.jobparameter t ON t.jobid = j.id AND t.name = 'Time'
        ORDER BY j.id
        """;

    [PostgresFact("several nodes share one job store on PostgreSQL; on SQLite each process has its own in-memory store")]
    public async Task The_sweep_scheduled_every_minute_runs_once_a_minute_across_two_nodes()
    {
        var database = SafetyFlowApp.NewDatabase();
        var everyMinute = new Dictionary<string, string?> { ["SafetyFlow:Jobs:SweepInterval"] = "00:01:00" };
        await using var a = new SafetyFlowApp(database, settings: everyMinute);
        await using var b = new SafetyFlowApp(database, settings: everyMinute);
        await a.SignInAsync("admin");
        await b.SignInAsync("admin");

        // Two occurrences after both nodes are up, each given time to finish.
        await using var db = new NpgsqlConnection(TestDatabase.ConnectionString(database));
        await db.OpenAsync();
        var runs = new List<SweepRun>();
        for (var poll = 0; poll < 200 && runs.Where(r => r.State == "Succeeded").Select(r => r.Occurrence).Distinct().Count() < 2; poll++)
        {
            await Task.Delay(1000);
            runs = await SweepRunsAsync(db);
        }

        var report = string.Join(Environment.NewLine, runs.Select(r => $"{r.Id} {r.CreatedAt:O} {r.Occurrence} {r.State} {r.Server}"));
        Assert.True(runs.Where(r => r.State == "Succeeded").Select(r => r.Occurrence).Distinct().Count() >= 2, "Fewer than two sweeps ran in 200 s:" + Environment.NewLine + report);
        Assert.True(runs.All(r => r.Occurrence is not null), "A sweep run names no occurrence:" + Environment.NewLine + report);
        Assert.True(runs.Count == runs.Select(r => r.Occurrence).Distinct().Count(), "An occurrence of the sweep ran more than once:" + Environment.NewLine + report);
    }

    private sealed record SweepRun(long Id, DateTime CreatedAt, string State, string? Occurrence, string? Server);

    private static async Task<List<SweepRun>> SweepRunsAsync(NpgsqlConnection db)
    {
        await using var command = new NpgsqlCommand(SweepRuns, db);
        await using var reader = await command.ExecuteReaderAsync();
        var runs = new List<SweepRun>();
        while (await reader.ReadAsync())
        {
            runs.Add(new SweepRun(
                reader.GetInt64(0),
                reader.GetDateTime(1),
                // A job just enqueued has its row before its first state.
                reader.IsDBNull(2) ? "Created" : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return runs;
    }
}
