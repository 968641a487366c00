using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace SafetyFlow.Load;

/// <summary>
/// Members submitting this week's inspections together: first each member signs in and reads their due checklists
/// (not timed), then <see cref="LoadSettings.Clients"/> clients submit them all at once, each submit timed on its own.
/// The first <see cref="LoadSettings.Warmup"/> submits after the app started are timed apart: a process that has just
/// started compiles its code as it first runs it, and a running install has long since done so. Answers pass, with a
/// few failed items so that findings are raised as on a real round; readings are within limits.
/// </summary>
public sealed class SubmitLoad(LoadSettings settings)
{
    private sealed record Prepared(HttpClient Client, Guid Inspection, List<object> Answers);

    /// <summary>The first submits after start-up, when any were asked for, and the rest.</summary>
    public async Task<(SubmitFigures? First, SubmitFigures Timed)> RunAsync(CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(cancellationToken);
        var warmup = Math.Min(settings.Warmup, prepared.Count / 2);
        if (prepared.Count - warmup == 0)
        {
            throw new InvalidOperationException("No due inspections of a suitable size were found for the members; seed the database (its round makes this week's inspections).");
        }

        Console.Error.WriteLine($"  {prepared.Count} inspections prepared; submitting");
        var first = warmup > 0 ? await SubmitAsync(prepared[..warmup], cancellationToken) : null;
        Console.Error.WriteLine("  the timed submits start");
        return (first, await SubmitAsync(prepared[warmup..], cancellationToken));
    }

    private async Task<SubmitFigures> SubmitAsync(List<Prepared> prepared, CancellationToken cancellationToken)
    {
        var queue = new ConcurrentQueue<Prepared>(prepared);
        var latencies = new ConcurrentBag<TimeSpan>();
        var failures = new ConcurrentBag<string>();
        var appCpu = ProcessCpu.Of(settings.Pid);
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, settings.Clients).Select(async _ =>
        {
            while (queue.TryDequeue(out var next))
            {
                var started = Stopwatch.GetTimestamp();
                var response = await next.Client.PostAsJsonAsync(new Uri($"/api/inspections/{next.Inspection}/submit", UriKind.Relative), new { results = next.Answers }, cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(started));
                if (!response.IsSuccessStatusCode)
                {
                    failures.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }
        });
        await Task.WhenAll(clients);
        wall.Stop();
        var cpu = new SubmitCpu(ProcessCpu.Of(settings.Pid) - appCpu, Process.GetCurrentProcess().TotalProcessorTime - clientCpu);

        foreach (var failure in failures.Take(3))
        {
            Console.Error.WriteLine($"submit failed: {failure}");
        }

        return new SubmitFigures(new Stats(latencies), wall.Elapsed, prepared.Average(p => p.Answers.Count), failures.Count, cpu);
    }

    private async Task<List<Prepared>> PrepareAsync(CancellationToken cancellationToken)
    {
        var prepared = new List<Prepared>();
        var random = new Random(7);
        for (var m = 1; prepared.Count < settings.Submits && m <= settings.Members; m++)
        {
            HttpClient client;
            try
            {
                client = await AppClient.WithTokenAsync(settings.Url, $"member-{m:D4}", settings.Password, cancellationToken);
            }
            catch (InvalidOperationException) when (m > 1)
            {
                // The seeded group has fewer members than asked for.
                break;
            }

            var due = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/inspections?mine=true&status=due", UriKind.Relative), cancellationToken);
            foreach (var summary in due.EnumerateArray())
            {
                var id = summary.GetProperty("id").GetGuid();
                var detail = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/inspections/{id}", UriKind.Relative), cancellationToken);
                var answers = Answers(detail, random);
                if (answers.Count <= settings.MaxResults && prepared.Count < settings.Submits)
                {
                    prepared.Add(new Prepared(client, id, answers));
                }
            }
        }

        return prepared;
    }

    private static List<object> Answers(JsonElement detail, Random random)
    {
        var answers = new List<object>();
        foreach (var target in detail.GetProperty("targets").EnumerateArray())
        {
            var asset = target.GetProperty("asset").GetString();
            foreach (var item in target.GetProperty("items").EnumerateArray())
            {
                var itemId = item.GetProperty("itemId").GetString();
                if (item.GetProperty("kind").GetString() == "reading")
                {
                    answers.Add(new { asset, itemId, value = Reading(item) });
                }
                else
                {
                    answers.Add(new { asset, itemId, outcome = random.NextDouble() < 0.05 ? "fail" : "pass", note = (string?)null });
                }
            }
        }

        return answers;
    }

    /// <summary>A reading inside the item's limits.</summary>
    private static decimal Reading(JsonElement item)
    {
        decimal? Limit(string name) => item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null;
        return (Limit("min"), Limit("max")) switch
        {
            ({ } min, { } max) => Math.Round((min + max) / 2, 2),
            ({ } min, null) => min + 1,
            (null, { } max) => max - 1,
            _ => 1,
        };
    }
}

/// <summary>The processor time the app (when its process is known) and this client used while the submits ran.</summary>
public sealed record SubmitCpu(TimeSpan? App, TimeSpan Client);

public sealed record SubmitFigures(Stats Latency, TimeSpan Wall, double AnswersPerSubmit, int Failures, SubmitCpu Cpu)
{
    public double PerSecond => Latency.Count / Wall.TotalSeconds;

    /// <summary>The app's and the client's CPU time per submit, in milliseconds, and the cores the two kept busy.</summary>
    public string CpuNote => string.Create(
        CultureInfo.InvariantCulture,
        $"CPU a submit: app {(Cpu.App is { } app ? $"{app.TotalMilliseconds / Latency.Count:F1} ms" : "-")}, load client {Cpu.Client.TotalMilliseconds / Latency.Count:F1} ms ({((Cpu.App ?? TimeSpan.Zero) + Cpu.Client) / Wall:F2} cores busy)");

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Latency.Count} submits ({AnswersPerSubmit:F0} answers each) in {Wall.TotalSeconds:F1} s: {PerSecond:F1}/s, p50 {Stats.Format(Latency.Median)}, p95 {Stats.Format(Latency.Percentile(95))}, p99 {Stats.Format(Latency.Percentile(99))}, max {Stats.Format(Latency.Max)}{(Failures > 0 ? $", {Failures} failed" : "")}; {CpuNote}");
}
