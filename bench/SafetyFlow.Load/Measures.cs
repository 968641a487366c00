using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace SafetyFlow.Load;

/// <summary>One printed row: what was measured, its figures and the app's peak memory meanwhile.</summary>
public sealed record Row(string Measure, string Runs, string Min, string Median, string Max, string PeakRss, string Note = "");

/// <summary>
/// The timed requests: each report route of the issue's table a number of times, one after another, and the one-off
/// moves that change the database (the sweep of the steps due at now, next week's round).
/// </summary>
public sealed class Measures(LoadSettings settings, ProcessMemory memory)
{
    public async Task<List<Row>> ReportsAsync(HttpClient office, HttpClient officePages, HttpClient supervisorPages, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var month = now.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var from = now.AddYears(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = now.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // The full check (the daily job's) runs once and leaves its verified mark; the default check after it resumes
        // there, as it does on an install whose daily job has run.
        var routes = new (string Name, HttpClient Client, string Path, int Runs)[]
        {
            ("closure report by zone, all findings", office, $"/api/reports/closure?from={from}&to={to}&groupBy=zone", settings.Runs),
            ("register CSV, all findings", office, $"/api/reports/register?from={from}&to={to}&format=csv", settings.Runs),
            ("register XLSX, all findings", office, $"/api/reports/register?from={from}&to={to}&format=xlsx", settings.Runs),
            ($"monthly PDF ({month})", office, $"/api/reports/monthly?month={month}&format=pdf", settings.Runs),
            ($"zone ratings ({month})", office, $"/api/zones/ratings?month={month}", settings.Runs),
            ("audit verify, full (the daily job's check)", office, "/api/audit/verify?full=true", 1),
            ("audit verify (resumes after the last intact checkpoint)", office, "/api/audit/verify", settings.Runs),
            ("office dashboard page", officePages, "/office", settings.Runs),
            ("office finding list page", officePages, "/findings", settings.Runs),
            ("supervisor's finding list page (sup-001)", supervisorPages, "/findings", settings.Runs),
            ("supervisor's review queue page (sup-001)", supervisorPages, "/review", settings.Runs),
        };

        var rows = new List<Row>();
        foreach (var (name, client, path, runs) in routes)
        {
            memory.TakePeak();
            var times = new List<TimeSpan>();
            long bytes = 0;
            var head = "";
            string? failure = null;
            for (var run = 0; run < runs && failure is null; run++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                (bytes, head) = await DrainAsync(body, cancellationToken);
                times.Add(Stopwatch.GetElapsedTime(started));
                if (!response.IsSuccessStatusCode)
                {
                    failure = $"HTTP {(int)response.StatusCode}";
                }
            }

            var stats = new Stats(times);
            rows.Add(new Row(name, times.Count.ToString(CultureInfo.InvariantCulture), Stats.Format(stats.Min), Stats.Format(stats.Median), Stats.Format(stats.Max), memory.TakePeak(),
                failure ?? $"{Size(bytes)}{(head.StartsWith("{\"ok\":", StringComparison.Ordinal) ? ", " + head[1..head.IndexOf(',', StringComparison.Ordinal)] : "")}"));
            Console.Error.WriteLine($"  {name}: median {Stats.Format(stats.Median)}");
        }

        return rows;
    }

    /// <summary>Moves the simulation clock by a minute: the sweep fires every ladder step due at now, then the outbox drains.</summary>
    public async Task<Row> SweepAsync(HttpClient admin, CancellationToken cancellationToken)
    {
        memory.TakePeak();
        var started = Stopwatch.GetTimestamp();
        var response = await admin.PostAsJsonAsync(new Uri("/api/admin/clock", UriKind.Relative), new { advanceBy = "PT1M" }, cancellationToken);
        var elapsed = Stats.Format(Stopwatch.GetElapsedTime(started));
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var fired = response.IsSuccessStatusCode ? answer.GetProperty("stepsFired").GetInt32() : -1;
        return new Row("escalation sweep and drain (clock +1 min)", "1", elapsed, elapsed, elapsed, memory.TakePeak(), $"{fired:N0} steps fired");
    }

    /// <summary>Creates next week's inspections for every zone.</summary>
    public async Task<Row> RoundAsync(HttpClient office, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var next = now.AddDays(7);
        var week = $"{ISOWeek.GetYear(next.DateTime)}-W{ISOWeek.GetWeekOfYear(next.DateTime):D2}";
        memory.TakePeak();
        var started = Stopwatch.GetTimestamp();
        var response = await office.PostAsJsonAsync(new Uri("/api/rounds", UriKind.Relative), new { week }, cancellationToken);
        var elapsed = Stats.Format(Stopwatch.GetElapsedTime(started));
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var created = response.IsSuccessStatusCode ? answer.GetProperty("created").GetInt32() : -1;
        return new Row($"weekly round ({week})", "1", elapsed, elapsed, elapsed, memory.TakePeak(), $"{created:N0} inspections");
    }

    private static string Size(long bytes) => bytes < 10_240
        ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
        : (bytes / 1024.0).ToString("F0", CultureInfo.InvariantCulture) + " KB";

    /// <summary>Reads the body to its end without keeping it; returns its length and its first bytes as text.</summary>
    private static async Task<(long Bytes, string Head)> DrainAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        var head = "";
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (total == 0)
            {
                head = System.Text.Encoding.UTF8.GetString(buffer, 0, Math.Min(read, 64));
            }

            total += read;
        }

        return (total, head);
    }
}
