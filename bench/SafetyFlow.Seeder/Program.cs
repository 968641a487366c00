using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Seeder;

/// <summary>Builds a database at a chosen scale through the app's own model: <c>dotnet run -c Release --project bench/SafetyFlow.Seeder -- --findings 100000</c>.</summary>
public static class SeedCommand
{
    public static async Task<int> Main(string[] args)
    {
        SeedSettings settings;
        try
        {
            settings = SeedSettings.Parse(args, RepoRoot());
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        if (settings.Upgrade)
        {
            return await UpgradeAsync(settings);
        }

        if (settings.SqliteFile is { } file)
        {
            if (File.Exists(file) && !settings.Force)
            {
                Console.Error.WriteLine($"{file} exists; give --force to build it again.");
                return 1;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            foreach (var old in new[] { file, file + "-wal", file + "-shm", settings.MasterKeyFile })
            {
                File.Delete(old);
            }
        }

        var clock = Stopwatch.StartNew();
        var cancellationToken = CancellationToken.None;
        Console.WriteLine($"Seeding {settings.Findings:N0} findings over {settings.Weeks} weeks up to {settings.Now:O} into {settings.Target}");
        await using var host = new SeedHost(settings);
        var random = new Random(settings.RandomSeed);
        var services = host.Services;
        var calendar = services.GetRequiredService<WorkCalendar>();
        var workflows = services.GetRequiredService<WorkflowRegistry>();

        BenchOrg org;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            org = await BenchOrg.CreateAsync(db, scope.ServiceProvider.GetRequiredService<IPasswordHasher<AppUser>>(), settings.Zones, random, cancellationToken);
        }

        Console.WriteLine($"  organisation: {org.Zones.Count:N0} zones, {org.Assets:N0} assets, {org.People.Count:N0} people ({clock.Elapsed.TotalSeconds:F0} s)");
        var history = new HistoryWriter(services, settings, new Catalogs(workflows.Current, workflows.CurrentLifecycle, org), calendar, random);
        await history.WriteAsync(line => Console.WriteLine($"  {line} ({clock.Elapsed.TotalSeconds:F0} s, {history.Saving.TotalSeconds:F0} s of it saving)"), cancellationToken);

        // This week's inspections, due, for the members to submit: made by the app's own round.
        await using (var scope = services.CreateAsyncScope())
        {
            var round = await scope.ServiceProvider.GetRequiredService<RoundPlanner>().CreateAsync(calendar.WeekOf(settings.Now), cancellationToken);
            Console.WriteLine($"  this week's round: {round.Created:N0} inspections due ({clock.Elapsed.TotalSeconds:F0} s)");
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            await SeedSummary.PrintAsync(db, settings, clock.Elapsed, cancellationToken);
        }

        if (settings.Findings <= 20_000 || args.Contains("--verify"))
        {
            var client = host.CreateClient();
            var token = await client.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = SeedSettings.Password }, cancellationToken);
            token.EnsureSuccessStatusCode();
            var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            var verify = await client.GetAsync("/api/audit/verify", cancellationToken);
            var answer = await verify.Content.ReadAsStringAsync(cancellationToken);
            Console.WriteLine($"  GET /api/audit/verify: {(int)verify.StatusCode} {answer}");
            if (!verify.IsSuccessStatusCode || !answer.Contains("\"ok\":true", StringComparison.Ordinal))
            {
                return 1;
            }
        }

        return await FinishAsync(settings, services, cancellationToken);
    }

    /// <summary>
    /// Starts the app once on an existing database, which applies the migrations it lacks, as an upgraded install does
    /// at its first start; the seeded history is left as it is.
    /// </summary>
    private static async Task<int> UpgradeAsync(SeedSettings settings)
    {
        if (settings.SqliteFile is { } file && !File.Exists(file))
        {
            Console.Error.WriteLine($"{file} does not exist; seed it first.");
            return 1;
        }

        var clock = Stopwatch.StartNew();
        await using var host = new SeedHost(settings);
        var services = host.Services;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var applied = (await db.Database.GetAppliedMigrationsAsync()).Count();
            Console.WriteLine($"  {settings.Target}: schema current, {applied} migrations applied ({clock.Elapsed.TotalSeconds:F1} s)");
        }

        return await FinishAsync(settings, services, CancellationToken.None);
    }

    private static async Task<int> FinishAsync(SeedSettings settings, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (settings.SqliteFile is not null)
        {
            // The file is whole on its own, so it can be copied for each run.
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken);
            SqliteConnection.ClearAllPools();
        }

        // Everything is saved (and on SQLite checkpointed into the file): the in-process host's job server is not
        // waited for, as its shutdown has been seen to abort the process after the work was done.
        await Console.Out.FlushAsync(cancellationToken);
        Environment.Exit(0);
        return 0;
    }

    private static string RepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SafetyFlow.sln")))
            {
                return folder.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
