using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace SafetyFlow.Load;

/// <summary>
/// Measures a running SafetyFlow on a seeded database and prints the figures as a Markdown table:
/// <c>dotnet run -c Release --project bench/SafetyFlow.Load -- --url http://localhost:5080 --pid 1234</c>.
/// </summary>
public static class LoadCommand
{
    public static async Task<int> Main(string[] args)
    {
        LoadSettings settings;
        try
        {
            settings = LoadSettings.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        var cancellationToken = CancellationToken.None;
        await using var memory = new ProcessMemory(settings.Pid);
        memory.Start();
        var measures = new Measures(settings, memory);
        using var admin = await AppClient.WithTokenAsync(settings.Url, "admin", settings.Password, cancellationToken);
        using var office = await AppClient.WithTokenAsync(settings.Url, "safety1", settings.Password, cancellationToken);
        var clock = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/admin/clock", UriKind.Relative), cancellationToken);
        var now = clock.GetProperty("now").GetDateTimeOffset();

        var rows = new List<Row>();
        if (settings.Measures.Contains("reports"))
        {
            using var pages = await AppClient.WithCookieAsync(settings.Url, "safety1", settings.Password, cancellationToken);

            // The daily job signs a checkpoint and checks the whole trail: an admin signs one here, the full check
            // measured next marks it verified, and the default check measured after it resumes from it.
            (await admin.GetAsync(new Uri("/api/audit/checkpoint", UriKind.Relative), cancellationToken)).EnsureSuccessStatusCode();
            using var supervisorPages = await AppClient.WithCookieAsync(settings.Url, "sup-001", settings.Password, cancellationToken);
            rows.AddRange(await measures.ReportsAsync(office, pages, supervisorPages, now, cancellationToken));
        }

        if (settings.Measures.Contains("submits"))
        {
            memory.TakePeak();
            var (first, submits) = await new SubmitLoad(settings).RunAsync(cancellationToken);
            if (first is not null)
            {
                rows.Add(SubmitRow($"first submits the process served, {settings.Clients} concurrent", first, "-"));
                Console.Error.WriteLine($"  first the process served: {first}");
            }

            rows.Add(SubmitRow($"inspection submits, {settings.Clients} concurrent", submits, memory.TakePeak()));
            Console.Error.WriteLine($"  {submits}");
        }

        if (settings.Measures.Contains("sweep"))
        {
            rows.Add(await measures.SweepAsync(admin, cancellationToken));
        }

        if (settings.Measures.Contains("round"))
        {
            rows.Add(await measures.RoundAsync(office, now, cancellationToken));
        }

        Console.WriteLine("| measure | runs | min | median | max | peak RSS | note |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            Console.WriteLine($"| {row.Measure} | {row.Runs} | {row.Min} | {row.Median} | {row.Max} | {row.PeakRss} | {row.Note} |");
        }

        Console.WriteLine($"| app process, whole run | | | | | {memory.HighWaterMark()} | high-water mark (VmHWM) |");
        return 0;
    }

    private static Row SubmitRow(string measure, SubmitFigures submits, string peakRss)
    {
        var latency = submits.Latency;
        return new Row(
            measure,
            latency.Count.ToString(CultureInfo.InvariantCulture),
            Stats.Format(latency.Min),
            Stats.Format(latency.Median),
            Stats.Format(latency.Max),
            peakRss,
            string.Create(CultureInfo.InvariantCulture, $"{submits.PerSecond:F1}/s, p95 {Stats.Format(latency.Percentile(95))}, p99 {Stats.Format(latency.Percentile(99))}, {submits.AnswersPerSubmit:F0} answers each{(submits.Failures > 0 ? $", {submits.Failures} failed" : "")}; {submits.CpuNote}"));
    }
}
