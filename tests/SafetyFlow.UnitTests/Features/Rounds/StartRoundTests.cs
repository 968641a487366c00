using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Rounds;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Jobs;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.UnitTests.Features.Rounds;

/// <summary>Starting a week's round as a use case, without HTTP, and the weekly job over it.</summary>
public sealed class StartRoundTests : IAsyncLifetime
{
    private TwoUnitOrganisation _org = null!;

    public async Task InitializeAsync()
    {
        // Field paths as the app names them: results[3].value, units[0].key.
        ValidationExtensions.UseCamelCasePropertyNames();
        _org = await TwoUnitOrganisation.CreateAsync();
        _org.Db.Assets.Add(new Asset { Key = "ext-dorm-1", Name = "Extinguisher D-01", Type = "extinguisher", ZoneId = _org.DormitoryA.Id, OwnerId = People.Owner.UserId });
        await _org.Db.SaveChangesAsync();
        _org.Db.ChangeTracker.Clear();
    }

    public async Task DisposeAsync() => await _org.DisposeAsync();

    private StartRound Round => new(new StartRoundValidator(), new RoundPlanner(_org.Db, _org.Workflows, _org.Calendar, _org.Clock, TwoUnitOrganisation.TrailKey));

    [Fact]
    public async Task A_round_creates_one_inspection_per_zone_and_checklist_once()
    {
        var first = await Round.HandleAsync(new StartRoundRequest("2026-W50"), CancellationToken.None);
        var second = await Round.HandleAsync(new StartRoundRequest("2026-W50"), CancellationToken.None);

        Assert.Equal(new StartRoundResponse(1, 0), first.Value);
        Assert.Equal(new StartRoundResponse(0, 1), second.Value);
        var inspection = await _org.Db.Inspections.SingleAsync();
        Assert.Equal(("weekly-extinguisher-check", _org.DormitoryA.Id, "2026-W50"), (inspection.WorkflowId, inspection.ZoneId, inspection.Week));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2026-48")]
    [InlineData("1999-W01")]
    public async Task A_week_it_cannot_read_is_refused_under_week_and_nothing_is_created(string? week)
    {
        var result = await Round.HandleAsync(new StartRoundRequest(week), CancellationToken.None);

        var invalid = Assert.IsType<Failure.Invalid>(result.Failure);
        Assert.Equal(["week"], invalid.Errors.Keys);
        Assert.Empty(await _org.Db.Inspections.ToListAsync());
    }

    [Fact]
    public async Task The_weekly_job_starts_the_round_of_the_current_week_and_a_second_run_adds_nothing()
    {
        var job = new WeeklyRoundJob(Round, _org.Calendar, _org.Clock, NullLogger<WeeklyRoundJob>.Instance);

        await job.RunAsync(CancellationToken.None);
        await job.RunAsync(CancellationToken.None);

        Assert.Equal("2026-W48", Assert.Single(await _org.Db.Inspections.ToListAsync()).Week);
    }
}
