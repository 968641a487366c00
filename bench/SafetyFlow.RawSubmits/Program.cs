using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SafetyFlow.RawSubmits;

/// <summary>
/// The baseline for inspection submits: a plain SQLite program writing the very rows the app wrote for its submits
/// (taken from the app's database after a load run) into a fresh copy of the seeded database, one transaction per
/// submit, with the app's durability (WAL, synchronous as the library sets it, foreign keys on):
/// <c>dotnet SafetyFlow.RawSubmits.dll --rows bench/data/run-100000.db --into bench/data/raw-100000.db</c>.
/// </summary>
public static class RawSubmitsCommand
{
    /// <summary>The tables a submit writes, in the order their foreign keys need.</summary>
    private static readonly string[] Inserted = ["InspectionResults", "Photos", "Findings", "FindingTransitions", "Notifications", "Outbox", "Deliveries"];

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rowsFrom = Argument(args, "--rows");
        var into = Argument(args, "--into");
        if (rowsFrom is null || into is null)
        {
            await Console.Error.WriteLineAsync("usage: SafetyFlow.RawSubmits --rows APP_DB_AFTER_SUBMITS --into FRESH_COPY_OF_THE_SEEDED_DB");
            return 2;
        }

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = into, Pooling = false }.ToString());
        await connection.OpenAsync();
        await ExecuteAsync(connection, "PRAGMA foreign_keys = ON;");
        var journal = await ScalarAsync(connection, "PRAGMA journal_mode=WAL;");
        var synchronous = await ScalarAsync(connection, "PRAGMA synchronous;");
        var submits = await ReadSubmitsAsync(connection, rowsFrom);
        if (submits.Count == 0)
        {
            await Console.Error.WriteLineAsync($"{rowsFrom} holds no submit that {into} does not: run the app's submits first.");
            return 1;
        }

        var latencies = new List<TimeSpan>();
        var wall = Stopwatch.StartNew();
        foreach (var submit in submits)
        {
            var started = Stopwatch.GetTimestamp();
            await WriteAsync(connection, submit);
            latencies.Add(Stopwatch.GetElapsedTime(started));
        }

        wall.Stop();
        latencies.Sort();
        var perSecond = submits.Count / wall.Elapsed.TotalSeconds;
        var rows = submits.Sum(s => s.Rows.Count + 1);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"raw SQLite ({journal}, synchronous={synchronous}), one transaction per submit: {submits.Count} submits, {rows:N0} rows, in {wall.Elapsed.TotalSeconds:F1} s: {perSecond:F1}/s, p50 {Format(latencies[latencies.Count / 2])}, p95 {Format(latencies[(int)Math.Ceiling(latencies.Count * 0.95) - 1])}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw-per-second {perSecond:F1}"));
        return 0;
    }

    private sealed record Row(string Table, string[] Columns, object?[] Values);

    private sealed record Submit(Row Inspection, List<Row> Rows);

    /// <summary>Each inspection submitted in the app's database and not in this one, with every row written with it.</summary>
    private static async Task<List<Submit>> ReadSubmitsAsync(SqliteConnection connection, string rowsFrom)
    {
        await using (var attach = connection.CreateCommand())
        {
            attach.CommandText = "ATTACH DATABASE $path AS app;";
            attach.Parameters.AddWithValue("$path", rowsFrom);
            await attach.ExecuteNonQueryAsync();
        }

        var inspections = await RowsAsync(connection, "Inspections",
            """SELECT a.* FROM app."Inspections" AS a JOIN main."Inspections" AS m ON m."Id" = a."Id" WHERE a."SubmittedAt" IS NOT NULL AND m."SubmittedAt" IS NULL ORDER BY a."SubmittedAt" """);
        var byTable = new Dictionary<string, List<Row>>
        {
            ["InspectionResults"] = await NewRowsAsync(connection, "InspectionResults", """a."InspectionId" """),
            ["Photos"] = await NewRowsAsync(connection, "Photos", """a."InspectionId" """),
            ["Findings"] = await NewRowsAsync(connection, "Findings", """a."InspectionId" """),
            ["FindingTransitions"] = await NewRowsAsync(connection, "FindingTransitions",
                """(SELECT f."InspectionId" FROM app."Findings" AS f WHERE f."Id" = a."FindingId") """),
            ["Notifications"] = await NewRowsAsync(connection, "Notifications",
                """(SELECT f."InspectionId" FROM app."Findings" AS f WHERE f."Id" = a."FindingId") """),
            ["Outbox"] = await NewRowsAsync(connection, "Outbox",
                """(SELECT f."InspectionId" FROM app."Notifications" AS n JOIN app."Findings" AS f ON f."Id" = n."FindingId" WHERE n."Id" = a."NotificationId") """),
            ["Deliveries"] = await NewRowsAsync(connection, "Deliveries",
                """(SELECT f."InspectionId" FROM app."Notifications" AS n JOIN app."Findings" AS f ON f."Id" = n."FindingId" WHERE n."Id" = a."NotificationId") """),
        };

        await ExecuteAsync(connection, "DETACH DATABASE app;");
        var submits = new List<Submit>();
        foreach (var inspection in inspections)
        {
            var id = inspection.Values[Array.IndexOf(inspection.Columns, "Id")];
            var rows = Inserted.SelectMany(t => byTable[t].Where(r => Equals(r.Values[^1], id)))
                .Select(r => r with { Columns = r.Columns[..^1], Values = r.Values[..^1] })
                .ToList();
            submits.Add(new Submit(inspection, rows));
        }

        return submits;
    }

    /// <summary>Rows of the app's table that this database lacks, each with the inspection it was written with as a last column.</summary>
    private static Task<List<Row>> NewRowsAsync(SqliteConnection connection, string table, string inspectionOf) =>
        RowsAsync(connection, table,
            $"""SELECT a.*, {inspectionOf} AS "SubmitOf" FROM app."{table}" AS a WHERE NOT EXISTS (SELECT 1 FROM main."{table}" AS m WHERE m."Id" = a."Id") ORDER BY a.rowid""");

    private static async Task<List<Row>> RowsAsync(SqliteConnection connection, string table, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            var values = new object?[reader.FieldCount];
            reader.GetValues(values!);
            rows.Add(new Row(table, columns, [.. values.Select(v => v is DBNull ? null : v)]));
        }

        return rows;
    }

    /// <summary>One submit in one transaction: the inspection's new fields, then every row written with it.</summary>
    private static async Task WriteAsync(SqliteConnection connection, Submit submit)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var inspection = submit.Inspection;
        var set = inspection.Columns.Where(c => c != "Id").ToArray();
        await RunAsync(connection, transaction,
            $"""UPDATE "Inspections" SET {string.Join(", ", set.Select((c, i) => $"\"{c}\" = $p{i}"))} WHERE "Id" = $id""",
            [.. set.Select(c => inspection.Values[Array.IndexOf(inspection.Columns, c)])],
            inspection.Values[Array.IndexOf(inspection.Columns, "Id")]);
        foreach (var row in submit.Rows)
        {
            await RunAsync(connection, transaction,
                $"""INSERT INTO "{row.Table}" ({string.Join(", ", row.Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", row.Columns.Select((_, i) => $"$p{i}"))})""",
                row.Values,
                id: null);
        }

        await transaction.CommitAsync();
    }

    private static async Task RunAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, object?[] values, object? id)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue($"$p{i}", values[i] ?? DBNull.Value);
        }

        if (id is not null)
        {
            command.Parameters.AddWithValue("$id", id);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
    }

    private static string? Argument(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static string Format(TimeSpan span) => span.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms";
}
