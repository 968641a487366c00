using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SafetyFlow.RawSweep;

/// <summary>
/// The raw SQLite side of the sweep row: on a fresh copy of the seeded database, writes exactly the rows the app's sweep
/// and drain wrote for the same due steps (read from the database the app ran on), with Microsoft.Data.Sqlite alone,
/// a batch of findings per transaction, at the durability the app runs with (WAL, synchronous as SQLite's default):
/// <c>dotnet SafetyFlow.RawSweep.dll --seeded A.db --app B.db --target C.db [--batch 200] [--drain-batch 100] [--app-time "1.23 s"]</c>.
/// </summary>
public static class RawSweepCommand
{
    private static readonly string[] StepKinds = ["finding.reminder", "finding.escalated"];

    public static async Task<int> Main(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        if (!options.TryGetValue("seeded", out var seeded) || !options.TryGetValue("app", out var app) || !options.TryGetValue("target", out var target))
        {
            await Console.Error.WriteLineAsync("usage: --seeded SEEDED.db --app APP-RUN.db --target COPY.db [--batch 200] [--drain-batch 100] [--app-time \"1.23 s\"]");
            return 2;
        }

        var batch = int.Parse(options.GetValueOrDefault("batch", "200"), CultureInfo.InvariantCulture);
        var drainBatch = int.Parse(options.GetValueOrDefault("drain-batch", "100"), CultureInfo.InvariantCulture);

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(target + suffix);
        }

        File.Copy(seeded, target);
        if (File.Exists(seeded + "-wal"))
        {
            File.Copy(seeded + "-wal", target + "-wal");
        }

        await using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        await db.OpenAsync();
        await ExecuteAsync(db, "PRAGMA journal_mode=WAL;");
        var work = await ReadWorkAsync(db, app);
        if (work.Steps.Count == 0)
        {
            await Console.Error.WriteLineAsync("The app's database holds no ladder steps the sweep wrote; run the sweep measure first.");
            return 1;
        }

        var started = Stopwatch.GetTimestamp();
        await WriteStepsAsync(db, work, batch);
        await MarkPlannedAsync(db, work, drainBatch);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var note = string.Create(CultureInfo.InvariantCulture,
            $"{work.Steps.Count:N0} steps: {work.Steps.Count:N0} findings updated, {work.Steps.Count:N0} trail records, {work.Notifications.Count:N0} notifications and outbox rows, a transaction per {batch} findings; outbox marked a transaction per {drainBatch}");
        Console.WriteLine($"| raw SQLite, the same sweep and drain writes | 1 | {Format(elapsed)} | {Format(elapsed)} | {Format(elapsed)} | | {note} |");
        if (options.TryGetValue("app-time", out var appTime) && Parse(appTime) is { } appElapsed)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| sweep, app vs raw SQLite | | | {appElapsed.TotalSeconds / elapsed.TotalSeconds:F2}x | | | app {Format(appElapsed)}, raw {Format(elapsed)} |"));
        }

        return 0;
    }

    /// <summary>The rows the app's sweep wrote, as the app stored them, read before the clock starts.</summary>
    private sealed record Work(List<Row> Steps, List<Row> Findings, List<Row> Notifications, List<Row> Outbox);

    private sealed record Row(string[] Columns, object[] Values)
    {
        public object this[string column] => Values[Array.IndexOf(Columns, column)];
    }

    private static async Task<Work> ReadWorkAsync(SqliteConnection db, string app)
    {
        await using (var attach = db.CreateCommand())
        {
            attach.CommandText = "ATTACH DATABASE $app AS app;";
            attach.Parameters.AddWithValue("$app", new SqliteConnectionStringBuilder { DataSource = app, Mode = SqliteOpenMode.ReadOnly }.DataSource);
            await attach.ExecuteNonQueryAsync();
        }

        var kinds = string.Join(", ", StepKinds.Select(k => $"'{k}'"));
        var steps = await ReadAsync(db, """
            SELECT * FROM app.FindingTransitions
            WHERE Id > (SELECT coalesce(max(Id), 0) FROM main.FindingTransitions) AND Action IN ('remind', 'escalate')
            ORDER BY Id
            """);
        var findings = await ReadAsync(db, """
            SELECT f.* FROM app.Findings f
            WHERE f.Id IN (SELECT FindingId FROM app.FindingTransitions
                           WHERE Id > (SELECT coalesce(max(Id), 0) FROM main.FindingTransitions) AND Action IN ('remind', 'escalate'))
            """);
        var notifications = await ReadAsync(db, $"""
            SELECT n.* FROM app.Notifications n
            WHERE n.Kind IN ({kinds}) AND NOT EXISTS (SELECT 1 FROM main.Notifications m WHERE m.Id = n.Id)
            ORDER BY n.Id
            """);
        var outbox = await ReadAsync(db, $"""
            SELECT o.* FROM app.Outbox o JOIN app.Notifications n ON n.Id = o.NotificationId
            WHERE n.Kind IN ({kinds}) AND NOT EXISTS (SELECT 1 FROM main.Outbox m WHERE m.Id = o.Id)
            ORDER BY o.Id
            """);
        await ExecuteAsync(db, "DETACH DATABASE app;");
        return new Work(steps, findings, notifications, outbox);
    }

    /// <summary>A transaction per <paramref name="batch"/> findings: each one's update, trail record, notifications and outbox rows.</summary>
    private static async Task WriteStepsAsync(SqliteConnection db, Work work, int batch)
    {
        var findings = work.Findings.ToDictionary(f => f["Id"]);
        var notifications = work.Notifications.ToLookup(n => n["FindingId"]);
        var outbox = work.Outbox.ToLookup(o => o["NotificationId"]);
        var finding = work.Findings[0];
        var step = work.Steps[0];
        var notification = work.Notifications.FirstOrDefault();
        var message = work.Outbox.FirstOrDefault();

        var byFinding = work.Steps.GroupBy(s => s["FindingId"]).ToList();
        for (var start = 0; start < byFinding.Count; start += batch)
        {
            await using var transaction = (SqliteTransaction)await db.BeginTransactionAsync();
            using var update = Update(db, "Findings", finding.Columns, "Id");
            using var insertStep = Insert(db, "FindingTransitions", step.Columns);
            using var insertNotification = notification is null ? null : Insert(db, "Notifications", notification.Columns);
            using var insertMessage = message is null ? null : Insert(db, "Outbox", message.Columns);
            foreach (var steps in byFinding.Skip(start).Take(batch))
            {
                await RunAsync(update, findings[steps.Key]);
                foreach (var record in steps)
                {
                    await RunAsync(insertStep, record);
                }

                foreach (var sent in notifications[steps.Key])
                {
                    await RunAsync(insertNotification!, sent);
                    foreach (var row in outbox[sent["Id"]])
                    {
                        // Written unplanned, as the sweep writes it; the drain's marking follows.
                        var unplanned = (object[])row.Values.Clone();
                        unplanned[Array.IndexOf(row.Columns, "ProcessedAt")] = DBNull.Value;
                        unplanned[Array.IndexOf(row.Columns, "Attempts")] = 0L;
                        await RunAsync(insertMessage!, row with { Values = unplanned });
                    }
                }
            }

            await transaction.CommitAsync();
        }
    }

    /// <summary>The drain's part with no channel configured: each outbox row marked planned, a transaction per batch.</summary>
    private static async Task MarkPlannedAsync(SqliteConnection db, Work work, int batch)
    {
        for (var start = 0; start < work.Outbox.Count; start += batch)
        {
            await using var transaction = (SqliteTransaction)await db.BeginTransactionAsync();
            using var mark = db.CreateCommand();
            mark.CommandText = "UPDATE Outbox SET ProcessedAt = $at, Attempts = $attempts WHERE Id = $id";
            var at = mark.Parameters.Add("$at", SqliteType.Integer);
            var attempts = mark.Parameters.Add("$attempts", SqliteType.Integer);
            var id = mark.Parameters.Add("$id", SqliteType.Text);
            foreach (var row in work.Outbox.Skip(start).Take(batch))
            {
                at.Value = row["ProcessedAt"];
                attempts.Value = row["Attempts"];
                id.Value = row["Id"];
                await mark.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }
    }

    private static SqliteCommand Insert(SqliteConnection db, string table, string[] columns)
    {
        var command = db.CreateCommand();
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        AddParameters(command, columns.Length);
        return command;
    }

    private static SqliteCommand Update(SqliteConnection db, string table, string[] columns, string key)
    {
        var command = db.CreateCommand();
        var set = columns.Select((c, i) => (c, i)).Where(x => x.c != key).Select(x => $"\"{x.c}\" = $p{x.i}");
        command.CommandText = $"UPDATE \"{table}\" SET {string.Join(", ", set)} WHERE \"{key}\" = $p{Array.IndexOf(columns, key)}";
        AddParameters(command, columns.Length);
        return command;
    }

    private static void AddParameters(SqliteCommand command, int count)
    {
        for (var i = 0; i < count; i++)
        {
            command.Parameters.Add(new SqliteParameter($"$p{i}", DBNull.Value));
        }
    }

    private static async Task RunAsync(SqliteCommand command, Row row)
    {
        for (var i = 0; i < row.Values.Length; i++)
        {
            command.Parameters[i].Value = row.Values[i];
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<Row>> ReadAsync(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            var values = new object[columns.Length];
            reader.GetValues(values);
            rows.Add(new Row(columns, values));
        }

        return rows;
    }

    private static async Task ExecuteAsync(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static string Format(TimeSpan span) => span.TotalMilliseconds < 1000
        ? span.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms"
        : span.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s";

    private static TimeSpan? Parse(string text)
    {
        var parts = text.Trim().Split(' ');
        if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        return parts[1] == "ms" ? TimeSpan.FromMilliseconds(value) : TimeSpan.FromSeconds(value);
    }
}
