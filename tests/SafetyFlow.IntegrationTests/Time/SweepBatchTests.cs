using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using static SafetyFlow.IntegrationTests.Audit.TrailTamperingTests;
using static SafetyFlow.IntegrationTests.EscalationTests;

namespace SafetyFlow.IntegrationTests.Time;

/// <summary>
/// The sweep fires a batch of due steps in one transaction. A batch that fails part-way, at a write the database refuses,
/// leaves nothing of itself: its steps are tried again one at a time, the good ones fire once, and the bad one is
/// listed as a failed ladder step.
/// </summary>
public sealed class SweepBatchTests : IAsyncLifetime
{
    private readonly WorkGate _gate = new() { Meet = 1 };
    private readonly SafetyFlowApp _app;

    public SweepBatchTests() => _app = new SafetyFlowApp(
        SafetyFlowApp.NewDatabase(),
        settings: new Dictionary<string, string?> { ["SafetyFlow:Jobs:SweepBatchSize"] = "10" },
        services: _gate.AddTo);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_batch_that_fails_part_way_leaves_no_step_half_done_and_the_others_still_fire()
    {
        // Raised a minute apart, so the poisoned finding's step is the middle one of the batch.
        var admin = await _app.SignInAsync("admin");
        var first = await RaiseGeneralFindingAsync(_app, "member-canteen", "z-canteen-kitchen");
        await AdvanceAsync(admin, "PT1M");
        var poisoned = await RaiseGeneralFindingAsync(_app, "member-dorm", "z-dorm-a");
        await AdvanceAsync(admin, "PT1M");
        var last = await RaiseGeneralFindingAsync(_app, "member-office", "z-office-2f");
        var before = await FindingAsync(_app, poisoned);
        await PoisonAsync(poisoned);
        await MoveClockAsync(TimeSpan.FromDays(6));

        var sweep = _app.Services.GetRequiredService<EscalationSweep>();
        var fired = await WorkGate.Contender("sweep", () => sweep.RunAsync(CancellationToken.None));

        // The three steps were first saved together; the database refused that save at the poisoned finding's
        // notification, and each step was then saved again on its own, soonest first.
        var steps = _gate.Saves.Where(s => s.Kind == "step").Select(s => s.Item.ToString()).ToList();
        Assert.Equal(new[] { first, poisoned, last }.Order(StringComparer.Ordinal), steps.Take(3).Order(StringComparer.Ordinal));
        Assert.Equal([first, poisoned, last], steps.Skip(3));

        // The good ones fired once each; nothing of the poisoned one's step is stored.
        Assert.Equal(2, fired);
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.reminder", first));
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.reminder", last));
        Assert.Equal(0, await CountAsync(_app, "owner-fire", "finding.reminder", poisoned));
        var after = await FindingAsync(_app, poisoned);
        Assert.Equal(before.GetProperty("history").GetArrayLength(), after.GetProperty("history").GetArrayLength());
        Assert.Equal(before.GetProperty("escalationLevel").GetInt32(), after.GetProperty("escalationLevel").GetInt32());
        Assert.True((await (await _app.SignInAsync("safety1")).GetJsonAsync("/api/audit/verify")).GetProperty("ok").GetBoolean());

        // The poisoned one is listed where an admin looks for stalled escalations.
        var failed = Assert.Single((await admin.GetJsonAsync("/api/admin/escalations/failed")).EnumerateArray());
        Assert.Equal(poisoned, failed.GetProperty("findingId").GetString());
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());

        // Mended, it fires once at its next try, and the others fire nothing again.
        await CurePoisonAsync();
        await AdvanceAsync(admin, "PT5M");
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.reminder", poisoned));
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.reminder", first));
        Assert.Empty((await admin.GetJsonAsync("/api/admin/escalations/failed")).EnumerateArray());
        Assert.True((await (await _app.SignInAsync("safety1")).GetJsonAsync("/api/audit/verify")).GetProperty("ok").GetBoolean());
    }

    /// <summary>Makes the database refuse any notification about the finding, as a write that fails mid-transaction.</summary>
    private async Task PoisonAsync(string findingId) => await ExecuteAsync(TestDatabase.IsPostgres
        ? $"""
          CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'poisoned finding'; END $$ LANGUAGE plpgsql;
          CREATE TRIGGER poison BEFORE INSERT ON "Notifications" FOR EACH ROW WHEN (NEW."FindingId" = {GuidLiteral(findingId)}) EXECUTE FUNCTION poison();
          """
        : $"""CREATE TRIGGER poison BEFORE INSERT ON "Notifications" WHEN NEW."FindingId" = {GuidLiteral(findingId)} BEGIN SELECT RAISE(ABORT, 'poisoned finding'); END;""");

    private async Task CurePoisonAsync() => await ExecuteAsync(TestDatabase.IsPostgres
        ? """DROP TRIGGER poison ON "Notifications"; DROP FUNCTION poison();"""
        : "DROP TRIGGER poison;");

    private async Task ExecuteAsync(string sql)
    {
        using var scope = _app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>Moves the simulation clock without the clock route's own sweep.</summary>
    private async Task MoveClockAsync(TimeSpan by)
    {
        using var scope = _app.Services.CreateScope();
        await _app.Services.GetRequiredService<ManualClock>().AdvanceAsync(by, scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>(), CancellationToken.None);
    }
}
