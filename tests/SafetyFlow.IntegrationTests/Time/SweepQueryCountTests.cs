using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using static SafetyFlow.IntegrationTests.EscalationTests;

namespace SafetyFlow.IntegrationTests.Time;

/// <summary>
/// A sweep batch reads the organisation once: the units, the supervisors, the role members, the places and the
/// recipients' languages are read for the whole batch, so the queries a batch makes do not grow with its steps.
/// </summary>
public sealed class SweepQueryCountTests : IAsyncLifetime
{
    private readonly QueryCounter _queries = new();
    private readonly SafetyFlowApp _app;

    public SweepQueryCountTests() => _app = new SafetyFlowApp(
        SafetyFlowApp.NewDatabase(),
        settings: new Dictionary<string, string?> { ["SafetyFlow:Jobs:SweepBatchSize"] = "100" },
        services: _queries.AddTo);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_batch_of_many_steps_makes_as_many_queries_as_a_batch_of_two()
    {
        // Two findings in two zones; an hour later the kitchen's whole check failed: twenty findings or more. Each
        // group's reminder comes due on its own, an hour apart, a day before anyone's next step.
        await RaiseGeneralFindingAsync(_app, "member-dorm", "z-dorm-a");
        await RaiseGeneralFindingAsync(_app, "member-office", "z-office-2f");
        await AdvanceAsync(await _app.SignInAsync("admin"), "PT1H");
        var many = await SweepClaimTests.RaiseFindingsAsync(_app);

        var few = await SweepCountingAsync(TimeSpan.FromDays(6) - TimeSpan.FromHours(1));
        Assert.Equal(2, few.Fired);
        var all = await SweepCountingAsync(TimeSpan.FromHours(1));
        Assert.Equal(many.Count, all.Fired);

        Assert.True(all.Queries <= few.Queries, $"A batch of {all.Fired} steps made {all.Queries} queries; a batch of {few.Fired} made {few.Queries}.");
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.reminder", many[0].ToString()));
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.reminder", many[^1].ToString()));
    }

    private async Task<(int Fired, int Queries)> SweepCountingAsync(TimeSpan by)
    {
        using (var scope = _app.Services.CreateScope())
        {
            await _app.Services.GetRequiredService<ManualClock>().AdvanceAsync(by, scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>(), CancellationToken.None);
        }

        var sweep = _app.Services.GetRequiredService<EscalationSweep>();
        return await QueryCounter.CountingAsync(() => sweep.RunAsync(CancellationToken.None));
    }
}
