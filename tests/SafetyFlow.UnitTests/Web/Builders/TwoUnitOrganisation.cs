using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SafetyFlow.UnitTests.Workflows;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.UnitTests.Web.Builders;

/// <summary>
/// A company with two units, the canteen (its kitchen zone) and the dormitories (dormitory A), in an SQLite database in
/// memory, with the clock on Wednesday 25 November 2026. Use cases read it as they read the real one.
/// </summary>
internal sealed class TwoUnitOrganisation : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly SqliteConnection _connection;

    private TwoUnitOrganisation(SqliteConnection connection, SafetyFlowDbContext db)
    {
        _connection = connection;
        Db = db;
    }

    public SafetyFlowDbContext Db { get; }

    public FakeTimeProvider Clock { get; } = new(Now);

    public WorkCalendar Calendar { get; } = new(Options.Create(new CalendarOptions()));

    /// <summary>The repository's definitions; every finding here is on them, so the registry never reads a stored version.</summary>
    public WorkflowRegistry Workflows { get; } = new(
        WorkflowLoader.LoadFolder(WorkflowFolder.RepoWorkflows),
        new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(),
        NullLogger<WorkflowRegistry>.Instance);

    public FindingReader Reader => new(Db, Workflows, Clock);

    public Unit Canteen { get; } = new() { Key = "u-canteen", Name = "Canteen 1" };

    public Unit Dormitories { get; } = new() { Key = "u-dorm", Name = "Dormitories" };

    public Zone Kitchen { get; private set; } = null!;

    public Zone DormitoryA { get; private set; } = null!;

    /// <summary>Supervises the canteen unit only.</summary>
    public Viewer CanteenSupervisor => new(Guid.NewGuid(), "sup-canteen", new HashSet<Role> { Role.Supervisor }, new HashSet<Guid> { Canteen.Id });

    public Viewer SafetyOffice { get; } = new(Guid.NewGuid(), "safety1", new HashSet<Role> { Role.SafetyOffice }, new HashSet<Guid>());

    /// <summary>A trail key of its own, as the app's services hold one, so findings and inspections are sealed as they are saved.</summary>
    public static TrailKey TrailKey { get; } = TestTrailKey.New();

    private static IServiceProvider TrailServices { get; } = new TrailKeyServices();

    public static async Task<TwoUnitOrganisation> CreateAsync()
    {
        // The findings' inspections are not part of these figures, so their rows are left out.
        var connection = new SqliteConnection("Data Source=:memory:;Foreign Keys=False");
        await connection.OpenAsync();
        var db = new SafetyFlowDbContext(new DbContextOptionsBuilder<SafetyFlowDbContext>().UseSqlite(connection).UseApplicationServiceProvider(TrailServices).Options);
        await db.Database.EnsureCreatedAsync();
        var organisation = new TwoUnitOrganisation(connection, db);
        await organisation.SeedAsync();
        return organisation;
    }

    /// <summary>Stores the finding the builder raises in the zone, on the zone's asset.</summary>
    public async Task<Finding> AddFindingAsync(Zone zone, FindingBuilder builder)
    {
        var asset = await Db.Assets.SingleAsync(a => a.ZoneId == zone.Id);
        var finding = builder.In(zone.Id, zone.UnitId, asset.Id).Build();
        Db.Findings.Add(finding);
        await Db.SaveChangesAsync();
        Db.ChangeTracker.Clear();
        return finding;
    }

    /// <summary>Another context on the same database, as a second request at the same time would have.</summary>
    public SafetyFlowDbContext SecondContext() =>
        new(new DbContextOptionsBuilder<SafetyFlowDbContext>().UseSqlite(_connection).UseApplicationServiceProvider(TrailServices).Options);

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private async Task SeedAsync()
    {
        var company = new Unit { Key = "u-company", Name = "Company" };
        Canteen.ParentId = company.Id;
        Dormitories.ParentId = company.Id;
        Db.Units.AddRange(company, Canteen, Dormitories);
        foreach (var person in new[] { People.Owner, People.Member, People.Supervisor, People.Leader })
        {
            Db.Users.Add(new AppUser { Id = person.UserId, UserName = person.UserName, DisplayName = person.UserName });
        }

        Kitchen = new Zone { Key = "z-canteen-kitchen", Name = "Canteen 1 kitchen", UnitId = Canteen.Id, MemberId = People.Member.UserId };
        DormitoryA = new Zone { Key = "z-dorm-a", Name = "Dormitory A building", UnitId = Dormitories.Id, MemberId = People.Member.UserId };
        Db.Zones.AddRange(Kitchen, DormitoryA);
        Db.Assets.AddRange(
            new Asset { Key = "a-kitchen-fridge", Name = "Kitchen fridge", Type = "fridge", ZoneId = Kitchen.Id, OwnerId = People.Owner.UserId },
            new Asset { Key = "a-dorm-a-fridge", Name = "Dormitory A fridge", Type = "fridge", ZoneId = DormitoryA.Id, OwnerId = People.Owner.UserId });
        await Db.SaveChangesAsync();
        Db.ChangeTracker.Clear();
    }
}

/// <summary>The one app service the database context asks for in these tests: the trail key.</summary>
internal sealed class TrailKeyServices : IServiceProvider
{
    public object? GetService(Type serviceType) => serviceType == typeof(TrailKey) ? TwoUnitOrganisation.TrailKey : null;
}
