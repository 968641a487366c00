using System.Globalization;

namespace SafetyFlow.Seeder;

/// <summary>What to build: how many findings, where, and the fixed instant the whole history leads up to.</summary>
public sealed record SeedSettings(
    int Findings,
    string? SqliteFile,
    string? PostgresConnection,
    string MasterKeyFile,
    DateTimeOffset Now,
    int Due,
    int Weeks,
    int RandomSeed,
    bool Force,
    bool Upgrade = false,
    int Zones = 0)
{
    /// <summary>Monday 2026-11-23 09:00 in Shanghai: the instant every seeded database is built up to.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>The password of every seeded person, and of the first admin.</summary>
    public const string Password = "Bench!2026";

    public const string Usage = """
        dotnet run -c Release --project bench/SafetyFlow.Seeder -- [options]
          --findings N        findings to raise (default 100000); zones = N / 500, about 30 assets each
          --zones N           zones instead of N / 500 (a whole group's 2,000 zones with fewer findings)
          --db FILE           SQLite file to build (default bench/data/safetyflow-N.db)
          --postgres CONN     build a PostgreSQL database instead (an empty database named in CONN)
          --master-key FILE   the master key file (default: FILE.master.key beside the SQLite file, bench/data/postgres-N.master.key)
          --now INSTANT       the fixed now (default 2026-11-23T09:00:00+08:00)
          --due N             findings left with a ladder step due at now (default 10000, at most a tenth of the findings)
          --weeks N           weeks of history (default 130, about 2.5 years)
          --seed N            random seed (default 12)
          --force             replace an existing SQLite file
          --upgrade           bring an existing database to the app's current schema (as starting the app does), nothing else
          --verify            check the trail through GET /api/audit/verify at the end (always up to 20,000 findings)
        """;

    public bool IsPostgres => PostgresConnection is not null;

    public string Target => PostgresConnection is not null ? "PostgreSQL" : SqliteFile!;

    public static SeedSettings Parse(string[] args, string repoRoot)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var force = false;
        var upgrade = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--force")
            {
                force = true;
            }
            else if (args[i] == "--upgrade")
            {
                upgrade = true;
            }
            else if (args[i] == "--verify")
            {
                // Read by the command itself.
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[args[i][2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unknown argument '{args[i]}'.{Environment.NewLine}{Usage}");
            }
        }

        var findings = Number(values, "findings", 100_000);
        var postgres = values.GetValueOrDefault("postgres");
        var data = Path.Combine(repoRoot, "bench", "data");
        var file = postgres is null ? Path.GetFullPath(values.GetValueOrDefault("db") ?? Path.Combine(data, $"safetyflow-{findings}.db")) : null;
        var masterKey = values.GetValueOrDefault("master-key")
            ?? (file is not null ? file + ".master.key" : Path.Combine(data, $"postgres-{findings}.master.key"));
        var now = values.TryGetValue("now", out var text) ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : DefaultNow;
        return new SeedSettings(
            findings,
            file,
            postgres,
            Path.GetFullPath(masterKey),
            now,
            Math.Min(Number(values, "due", 10_000), findings / 10),
            Number(values, "weeks", 130),
            Number(values, "seed", 12),
            force,
            upgrade,
            // One zone per 500 findings by default: a large group's rate (2,000 zones, a million findings in 2.5 years).
            Number(values, "zones", Math.Max(4, findings / 500)));
    }

    private static int Number(Dictionary<string, string> values, string name, int fallback) =>
        values.TryGetValue(name, out var text) ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : fallback;
}
