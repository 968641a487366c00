using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Data.Migrations.Sqlite;

namespace SafetyFlow.IntegrationTests.Time;

/// <summary>A database written by the earlier instant encoding keeps every instant when it is upgraded.</summary>
public sealed class InstantMigrationTests
{
    private const string BeforeUtcInstants = "20261124134833_DataProtectionKeys";

    [SqliteFact("the earlier encoding was SQLite's; PostgreSQL has stored timestamptz from its first migration")]
    public async Task Every_stored_instant_is_rewritten_as_the_same_instant_in_utc()
    {
        var file = SafetyFlowApp.NewDatabase();
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var options = new DbContextOptionsBuilder<SafetyFlowDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options;
        await using (var db = new SafetyFlowDbContext(options))
        {
            await db.GetService<IMigrator>().MigrateAsync(BeforeUtcInstants);
        }

        // One row per table, each instant column a different instant, written with the old encoding and with
        // different offsets: Shanghai's, UTC and a negative one.
        var offsets = new[] { TimeSpan.FromHours(8), TimeSpan.Zero, TimeSpan.FromHours(-5.5) };
        var old = new DateTimeOffsetToBinaryConverter();
        var expected = new Dictionary<(string Table, string Column), DateTimeOffset>();
        var n = 0;
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "PRAGMA foreign_keys = OFF;");
            foreach (var table in UtcInstants.Instants.GroupBy(i => i.Table))
            {
                var values = new Dictionary<string, object>();
                foreach (var column in await RequiredColumnsAsync(connection, table.Key))
                {
                    values[column.Name] = column.Type == "INTEGER" ? 0L : Guid.NewGuid().ToString();
                }

                foreach (var (_, column) in table)
                {
                    var instant = new DateTimeOffset(2026, 11, 30, 23, 59, 58, offsets[n % 3]).AddMilliseconds(n * 37.3);
                    n++;
                    expected[(table.Key, column)] = instant;
                    values[column] = (long)old.ConvertToProvider(instant)!;
                }

                await using var insert = connection.CreateCommand();
                insert.CommandText = $"INSERT INTO \"{table.Key}\" ({string.Join(", ", values.Keys.Select(k => $"\"{k}\""))}) " +
                    $"VALUES ({string.Join(", ", values.Keys.Select((_, i) => $"$p{i}"))});";
                foreach (var (value, i) in values.Values.Select((v, i) => (v, i)))
                {
                    insert.Parameters.AddWithValue($"$p{i}", value);
                }

                await insert.ExecuteNonQueryAsync();
            }
        }

        // The rows above refer to nothing (one row per table, written with foreign keys off), and a later migration
        // that rebuilds a table copies them, which SQLite's foreign keys would refuse: migrate with them off too.
        var withoutForeignKeys = new DbContextOptionsBuilder<SafetyFlowDbContext>().UseSqlite($"Data Source={file};Pooling=False;Foreign Keys=False").Options;
        await using (var db = new SafetyFlowDbContext(withoutForeignKeys))
        {
            await db.Database.MigrateAsync();
        }

        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            foreach (var ((table, column), instant) in expected)
            {
                await using var read = connection.CreateCommand();
                read.CommandText = $"SELECT \"{column}\" FROM \"{table}\";";
                var stored = (long)(await read.ExecuteScalarAsync())!;

                // The old encoding kept 100 microseconds; the instant is the same, now in UTC ticks.
                Assert.True(instant.UtcTicks - (instant.UtcTicks % 1000) == stored, $"{table}.{column}: expected {instant:O}, stored {new DateTimeOffset(stored, TimeSpan.Zero):O}");
            }
        }

        // Read back through the model, an instant equals the one written (to the old 100 microseconds), and SQL
        // compares it right against bounds given with other offsets.
        await using (var db = new SafetyFlowDbContext(options))
        {
            var written = expected[("WorkflowDefinitions", "LoadedAt")];
            var at = written.AddTicks(-(written.UtcTicks % 1000));
            Assert.Equal(at, await db.WorkflowDefinitions.Select(d => d.LoadedAt).SingleAsync());
            Assert.Equal(1, await db.WorkflowDefinitions.CountAsync(d => d.LoadedAt >= at.ToOffset(TimeSpan.FromHours(-12)) && d.LoadedAt <= at.ToOffset(TimeSpan.FromHours(14))));
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<(string Name, string Type)>> RequiredColumnsAsync(SqliteConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA table_info(\"{table}\");";
        var columns = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var notNull = reader.GetInt32(3) == 1;
            var isKey = reader.GetInt32(5) > 0;
            if ((notNull || isKey) && reader.IsDBNull(4))
            {
                columns.Add((reader.GetString(1), reader.GetString(2)));
            }
        }

        return columns;
    }
}
