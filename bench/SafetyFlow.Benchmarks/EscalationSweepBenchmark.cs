using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Benchmarks;

/// <summary>
/// One sweep over a SQLite database holding many findings of which a fixed number are due. The claim under test: the
/// sweep's cost follows the number of due steps, not the number of findings.
/// </summary>
[MemoryDiagnoser]
public class EscalationSweepBenchmark
{
    private const int DueFindings = 50;
    private static readonly DateTimeOffset Raised = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));
    private ServiceProvider _services = null!;
    private ManualClock _clock = null!;
    private string _file = "";
    private List<Guid> _due = [];

    [Params(1_000, 50_000)]
    public int Findings { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _file = Path.Combine(Path.GetTempPath(), $"safetyflow-bench-{Guid.NewGuid():N}.db");
        _clock = new ManualClock(Raised);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddDbContext<SafetyFlowDbContext>((provider, db) =>
            db.UseSqlite($"Data Source={_file}").AddInterceptors(provider.GetRequiredService<FindingEventDispatcher>()));
        services.AddSingleton(WorkflowLoader.LoadFolder(Path.Combine(RepoRoot(), "workflows")));
        services.AddSingleton<WorkflowRegistry>();
        services.AddSingleton<WorkCalendar>();
        services.AddSingleton<FindingEventDispatcher>();
        services.AddSingleton(TrailKey.Of(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        services.AddSingleton<EscalationSweep>();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddOptions<CalendarOptions>();
        services.AddOptions<JobOptions>();
        _services = services.BuildServiceProvider();

        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        db.Database.Migrate();
        var registry = scope.ServiceProvider.GetRequiredService<WorkflowRegistry>();
        registry.SyncAsync(db, _clock, CancellationToken.None).GetAwaiter().GetResult();
        Seed(db, registry.Current.Rectification);
    }

    /// <summary>Makes the same findings due again before each sweep: the sweep moves them on.</summary>
    [IterationSetup]
    public void MakeDue()
    {
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var at = _clock.GetUtcNow().AddMinutes(-1);
        db.Findings.Where(f => _due.Contains(f.Id))
            .ExecuteUpdate(f => f.SetProperty(x => x.NextStepAt, at).SetProperty(x => x.NextStepIndex, 0));
    }

    [Benchmark]
    public int Sweep() => _services.GetRequiredService<EscalationSweep>().RunAsync(CancellationToken.None).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    private void Seed(SafetyFlowDbContext db, RectificationWorkflow lifecycle)
    {
        var unit = new Unit { Key = "u", Name = "Unit" };
        var person = new AppUser { UserName = "p", NormalizedUserName = "P", DisplayName = "Person", Unit = unit };
        var zone = new Zone { Key = "z", Name = "Zone", Unit = unit, Member = person };
        var asset = new Asset { Key = "a", Name = "Asset", Type = "extinguisher", Zone = zone, Owner = person };
        db.AddRange(unit, person, zone, asset);
        db.SaveChanges();

        var actor = new FindingActor(person.Id, "p", new HashSet<Role> { Role.Member }, SupervisesZone: false);
        for (var batch = 0; batch < Findings; batch += 5_000)
        {
            for (var i = batch; i < Math.Min(Findings, batch + 5_000); i++)
            {
                var finding = Finding.Raise(
                    new RaiseFindingCommand(null, zone.Id, unit.Id, asset.Id, "weekly-extinguisher-check", "in-place", "extinguisher", Severity.General, person.Id, actor, null, null, false),
                    lifecycle,
                    Raised);
                db.Findings.Add(finding);
                if (i < DueFindings)
                {
                    _due.Add(finding.Id);
                }
            }

            db.SaveChanges();
            db.ChangeTracker.Clear();
        }

        // Only the chosen findings are due at the benchmark's instant; the rest wait a year.
        var later = Raised.AddYears(1);
        db.Findings.Where(f => !_due.Contains(f.Id)).ExecuteUpdate(f => f.SetProperty(x => x.NextStepAt, later));
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

        throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }
}
