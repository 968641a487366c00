using System.Text.Json;
using Npgsql;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// Nodes started together on one empty PostgreSQL database: the schema is built once, the roles, the first admin, the
/// demo organisation and each workflow definition stored once, and every node comes up.
/// </summary>
public sealed class SeveralNodesStartTests
{
    /// <summary>The advisory lock key start-up takes (Infrastructure/Startup.cs).</summary>
    private const long StartupLockKey = 0x5AFE_F10E_0001;

    /// <summary>Sessions waiting for that lock: PostgreSQL shows a bigint key as its high and low 32 bits.</summary>
    private static readonly string WaitingForStartupLock = $"""
        SELECT count(*) FROM pg_locks
        WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
          AND classid::text::bigint = ({StartupLockKey} >> 32) AND objid::text::bigint = ({StartupLockKey} & 4294967295)
        """;

    [PostgresFact("several nodes share a PostgreSQL database; SQLite is one process on one file")]
    public async Task Three_nodes_started_at_once_on_an_empty_database_all_come_up_and_store_everything_once()
    {
        for (var trial = 1; trial <= 3; trial++)
        {
            var database = SafetyFlowApp.NewDatabase();
            var connectionString = TestDatabase.ConnectionString(database);
            var environment = new Dictionary<string, string> { ["ConnectionStrings__SafetyFlow"] = connectionString };

            // The test holds the start-up lock until all three nodes wait on it, so they contend from the same moment.
            await using var gate = new NpgsqlConnection(connectionString + ";Pooling=false");
            await gate.OpenAsync();
            await ExecuteAsync(gate, $"SELECT pg_advisory_lock({StartupLockKey})");
            var starting = Enumerable.Range(0, 3).Select(_ => AppProcess.StartAsync(environment, "--demo")).ToList();
            var waiting = 0;
            for (var poll = 0; poll < 600 && waiting < 3 && !starting.Any(s => s.IsFaulted); poll++)
            {
                await Task.Delay(100);
                waiting = Convert.ToInt32(await ScalarAsync(gate, WaitingForStartupLock), System.Globalization.CultureInfo.InvariantCulture);
            }

            await ExecuteAsync(gate, $"SELECT pg_advisory_unlock({StartupLockKey})");
            RunningApp[] nodes;
            try
            {
                nodes = await Task.WhenAll(starting);
            }
            finally
            {
                foreach (var node in starting.Where(s => s.IsCompletedSuccessfully))
                {
                    node.Result.Dispose();
                }
            }

            Assert.True(waiting == 3, $"Trial {trial}: {waiting} of 3 nodes waited at start-up together.");
            Assert.Equal(3, nodes.Length);
            await AssertStoredOnceAsync(gate, trial);
        }
    }

    private static async Task AssertStoredOnceAsync(NpgsqlConnection db, int trial)
    {
        var roles = await RowsAsync(db, """SELECT "Name" FROM "AspNetRoles" ORDER BY "Name" """);
        Assert.Equal(["Admin", "Member", "Owner", "SafetyOffice", "Supervisor"], roles);

        using var demo = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoFolders.Root, "demo", "org.json")));
        var people = demo.RootElement.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("userName").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("admin", people);
        Assert.Equal(people, await RowsAsync(db, """SELECT "UserName" FROM "AspNetUsers" ORDER BY "UserName" COLLATE "C" """));
        Assert.Equal(
            demo.RootElement.GetProperty("zones").GetArrayLength(),
            Convert.ToInt32(await ScalarAsync(db, """SELECT count(*) FROM "Zones" """), System.Globalization.CultureInfo.InvariantCulture));

        // Every workflow file stored once, as version 1 of its id.
        var files = Directory.GetFiles(Path.Combine(RepoFolders.Root, "workflows"), "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();
        var versions = await RowsAsync(db, """SELECT "WorkflowId" || ' v' || "Version" FROM "WorkflowDefinitions" ORDER BY "WorkflowId" COLLATE "C" """);
        Assert.Equal(files.Select(f => $"{f} v1"), versions);

        var migrations = await RowsAsync(db, """SELECT "MigrationId" FROM "__EFMigrationsHistory" """);
        Assert.True(migrations.Count == migrations.Distinct().Count(), $"Trial {trial}: a migration is recorded twice.");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<string>> RowsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
