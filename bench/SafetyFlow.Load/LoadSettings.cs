using System.Globalization;

namespace SafetyFlow.Load;

/// <summary>Where the app runs and what to ask of it.</summary>
public sealed record LoadSettings(
    Uri Url,
    string Password,
    int Clients,
    int Submits,
    int Warmup,
    int Members,
    int MaxResults,
    int Runs,
    int? Pid,
    IReadOnlySet<string> Measures)
{
    public const string Usage = """
        dotnet run -c Release --project bench/SafetyFlow.Load -- --url http://localhost:5080 [options]
          --measures LIST     comma-separated, default all: reports,submits,sweep,round
          --runs K            timed runs of each report route (default 5)
          --clients N         concurrent members submitting (default 50)
          --submits N         inspections to submit (default 500)
          --warmup N          of them, the first N after start-up timed apart (default 100; at most half)
          --members N         members to draw due inspections from (default 2000)
          --max-results N     leave out inspections with more answers than this (default 40)
          --pid PID           the app's process, for its peak resident memory
          --password TEXT     the seeded people's password (default Bench!2026)
        """;

    public static LoadSettings Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unknown argument '{args[i]}'.{Environment.NewLine}{Usage}");
            }

            values[args[i][2..]] = args[++i];
        }

        int Number(string name, int fallback) =>
            values.TryGetValue(name, out var text) ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : fallback;

        return new LoadSettings(
            new Uri(values.GetValueOrDefault("url") ?? throw new ArgumentException($"--url is required.{Environment.NewLine}{Usage}")),
            values.GetValueOrDefault("password") ?? "Bench!2026",
            Number("clients", 50),
            Number("submits", 500),
            Number("warmup", 100),
            Number("members", 2000),
            Number("max-results", 40),
            Number("runs", 5),
            values.ContainsKey("pid") ? Number("pid", 0) : null,
            (values.GetValueOrDefault("measures") ?? "reports,submits,sweep,round").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal));
    }
}
