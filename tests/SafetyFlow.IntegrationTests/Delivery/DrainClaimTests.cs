using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Delivery;
using SafetyFlow.Web.Jobs;

namespace SafetyFlow.IntegrationTests.Delivery;

/// <summary>
/// Drains on several nodes share the outbox and the deliveries: each plans and sends its own, a drain that dies holding
/// outbox rows has them taken over once its claims run out, and a slow drain does not fail the next run. Every message
/// goes out once, counted by a real SMTP server and a real webhook receiver.
/// </summary>
public sealed class DrainClaimTests : IAsyncLifetime
{
    private readonly string _database = SafetyFlowApp.NewDatabase();
    private SmtpServer _smtp = null!;
    private WebhookReceiver _receiver = null!;
    private readonly TaskCompletionSource _slowAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SafetyFlowApp? _app;
    private WorkGate? _gate;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpServer.StartAsync();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _gate?.ReleaseStalled();
        _slowAnswer.TrySetResult();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _receiver.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Two_drains_at_once_split_the_outbox_and_the_deliveries_and_send_each_message_once()
    {
        var app = Start(new WorkGate { Meet = 2 }, new() { ["SafetyFlow:Delivery:BatchSize"] = "3" }, email: true);
        var findings = await SweepClaimTests.RaiseFindingsAsync(app);

        var drain = app.Services.GetRequiredService<OutboxDrain>();
        var results = await Task.WhenAll(
            WorkGate.Contender("a", () => drain.RunAsync(CancellationToken.None)),
            WorkGate.Contender("b", () => drain.RunAsync(CancellationToken.None)));

        // Both drains were planning outbox rows they had claimed at the same moment, and later sending deliveries.
        Assert.Equal(["a", "b"], _gate!.MetAt("plan").Order());
        Assert.Equal(["a", "b"], _gate.MetAt("attempt").Order());

        // Each planned and sent its own share; no row or delivery was worked by both.
        foreach (var kind in new[] { "plan", "attempt" })
        {
            var saves = _gate.Saves.Where(s => s.Kind == kind).ToList();
            Assert.All(saves.GroupBy(s => s.Contender), share => Assert.True(share.Any(), kind));
            Assert.Equal(2, saves.Select(s => s.Contender).Distinct().Count());
            Assert.Equal(saves.Count, saves.Select(s => s.Item).Distinct().Count());
        }

        // One email and one webhook post per finding, each sent once.
        Assert.Equal(findings.Count * 2, results.Sum(r => r.Sent));
        Assert.All(results, r => Assert.True(r.Sent > 0, "Each drain sends some messages."));
        var mails = _smtp.To("owner-fire@example.test");
        Assert.Equal(findings.Count, mails.Count);
        Assert.Equal(findings.Count, mails.Select(m => m.MessageId).Distinct().Count());
        var posts = _receiver.Requests.Where(r => r.Path == "/desk").ToList();
        Assert.Equal(findings.Count, posts.Count);
        Assert.Equal(findings.Count, posts.Select(p => p.Headers["X-SafetyFlow-Delivery"]).Distinct().Count());
    }

    [PostgresFact("SQLite writers take turns: a claim never reads candidates that another run is claiming at that moment.")]
    public async Task A_drain_whose_first_claim_loses_the_race_claims_the_rows_past_it()
    {
        var app = Start(gate: null, new() { ["SafetyFlow:Delivery:BatchSize"] = "3" });
        await SweepClaimTests.RaiseFindingsAsync(app);
        var drain = app.Services.GetRequiredService<OutboxDrain>();

        // Another drain is claiming the three oldest unplanned rows: its claims are written but not yet committed.
        await using var other = TestDatabase.OpenContext(app.Database);
        await using var claiming = await other.Database.BeginTransactionAsync();
        var taken = await OutboxDrain.Unplanned(other, WorkClaims.Now).Take(3).ToListAsync();
        other.WorkClaims.AddRange(taken.Select(id => new WorkClaim { Queue = WorkQueues.Outbox, ItemId = id, Holder = Guid.NewGuid(), Until = WorkClaims.Now.AddMinutes(10) }));
        await other.SaveChangesAsync();

        // This drain read the same three as unclaimed and waits on their keys: the race happened.
        var run = drain.RunAsync(CancellationToken.None);
        await using (var watch = TestDatabase.OpenContext(app.Database))
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!await ClaimWaitsAsync(watch) && DateTime.UtcNow < deadline && !run.IsCompleted)
            {
                await Task.Delay(20);
            }

            Assert.True(await ClaimWaitsAsync(watch), "The drain's claim never waited on the other drain's claims; the test proves nothing.");
        }

        // Once the other drain's claims are in, every one of this drain's three is refused; it goes on with the rows past them.
        await claiming.CommitAsync();
        var result = await run;
        await using var check = TestDatabase.OpenContext(app.Database);
        var unplanned = await check.Outbox.Where(m => m.ProcessedAt == null).Select(m => m.Id).ToListAsync();
        Assert.Equal(taken.Order(), unplanned.Order());
        Assert.True(result.Sent > 0, "The drain sent what it planned.");
        Assert.Equal(result.Sent, _receiver.Requests.Count);
    }

    [Fact]
    public async Task A_drain_that_dies_holding_outbox_rows_has_them_taken_over_after_the_claim_timeout()
    {
        var app = Start(
            new WorkGate { Meet = 1, Stalled = "dead" },
            new() { ["SafetyFlow:Delivery:BatchSize"] = "4", ["SafetyFlow:Jobs:ClaimTimeout"] = "00:00:08" });
        var findings = await SweepClaimTests.RaiseFindingsAsync(app);
        var drain = app.Services.GetRequiredService<OutboxDrain>();
        var dead = WorkGate.Contender("dead", () => drain.RunAsync(CancellationToken.None));
        await _gate!.StalledAtWork.WaitAsync(TimeSpan.FromSeconds(30));
        var held = _gate.Saves.Where(s => s.Contender == "dead").Select(s => s.Item).ToList();
        Assert.Equal(4, held.Count);
        DateTimeOffset until;
        using (var scope = app.Services.CreateScope())
        {
            var claims = await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().WorkClaims.Where(c => c.Queue == WorkQueues.Outbox).ToListAsync();
            Assert.Equal(held.Order(), claims.Select(c => c.ItemId).Order());
            until = claims.Min(c => c.Until);
        }

        // Before the claims run out another drain sends everything else.
        var first = await drain.RunAsync(CancellationToken.None);
        Assert.True(WorkClaims.Now < until, "The first run took longer than the claim timeout; the test proves nothing.");
        Assert.Equal(findings.Count - held.Count, first.Sent);
        Assert.Equal(findings.Count - held.Count, _receiver.Requests.Count);

        // Once they have run out, the next drain plans and sends the rest.
        await Task.Delay(until - WorkClaims.Now + TimeSpan.FromMilliseconds(100));
        Assert.Equal(held.Count, (await drain.RunAsync(CancellationToken.None)).Sent);

        // The stalled drain wakes up to find its rows planned: the unique key refuses its copies and it sends nothing.
        _gate.ReleaseStalled();
        Assert.Equal(0, (await dead).Sent);
        Assert.Equal(findings.Count, _receiver.Requests.Count);
        Assert.Equal(findings.Count, _receiver.Requests.Select(r => r.Headers["X-SafetyFlow-Delivery"]).Distinct().Count());
    }

    [Fact]
    public async Task A_slow_drain_does_not_hold_up_or_fail_the_next_run()
    {
        var app = Start(
            gate: null,
            new()
            {
                ["SafetyFlow:Delivery:BatchSize"] = "1",
                ["SafetyFlow:Delivery:Timeout"] = "00:02:00",
                ["SafetyFlow:Webhooks:1:Name"] = "quick",
                ["SafetyFlow:Webhooks:1:Url"] = $"{_receiver.BaseUrl}/quick",
            });
        await EscalationTests.RaiseGeneralFindingAsync(app);
        _receiver.HoldFirst(_slowAnswer.Task);
        var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();
        using var storage = app.Services.GetRequiredService<JobStorage>().GetConnection();

        // The first run sends one of the two webhook posts and waits for the receiver's answer.
        var slow = jobs.Enqueue<OutboxDrainJob>(job => job.RunAsync(CancellationToken.None));
        var held = Assert.Single(await WaitForRequestsAsync(1));

        // The next run starts while it waits, sends the other post and succeeds.
        var next = jobs.Enqueue<OutboxDrainJob>(job => job.RunAsync(CancellationToken.None));
        Assert.Equal("Succeeded", await WaitForStateAsync(storage, next, "Succeeded"));
        var other = Assert.Single(_receiver.Requests, r => r.Path != held.Path);
        Assert.Equal("Processing", storage.GetStateData(slow)?.Name);

        _slowAnswer.SetResult();
        Assert.Equal("Succeeded", await WaitForStateAsync(storage, slow, "Succeeded"));
        Assert.Equal(0, app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().FailedCount());
        Assert.Equal(["/desk", "/quick"], _receiver.Requests.Select(r => r.Path).Order());
        Assert.NotEqual(held.Headers["X-SafetyFlow-Delivery"], other.Headers["X-SafetyFlow-Delivery"]);
    }

    private SafetyFlowApp Start(WorkGate? gate, Dictionary<string, string?> settings, bool email = false)
    {
        _gate = gate;
        settings["SafetyFlow:Webhooks:0:Name"] = "desk";
        settings["SafetyFlow:Webhooks:0:Url"] = $"{_receiver.BaseUrl}/desk";
        foreach (var (key, value) in email ? _smtp.Settings : new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        _app = new SafetyFlowApp(_database, settings: settings, services: gate is null ? null : services => gate.AddTo(services));
        return _app;
    }

    /// <summary>Whether a claim of work items is waiting for another transaction's lock (on PostgreSQL).</summary>
    private static async Task<bool> ClaimWaitsAsync(SafetyFlowDbContext db) => await db.Database.SqlQueryRaw<int>(
        """
        SELECT count(*)::int AS "Value" FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO "WorkClaims"%'
        """).SingleAsync() > 0;

    private async Task<IReadOnlyList<ReceivedRequest>> WaitForRequestsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (_receiver.Requests.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return _receiver.Requests;
    }

    /// <summary>
    /// The job's state once it is <paramref name="wanted"/> or a final state, or after 45 seconds (Hangfire.PostgreSql
    /// looks for new jobs every 15 seconds).
    /// </summary>
    private static async Task<string?> WaitForStateAsync(IStorageConnection storage, string jobId, string wanted)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            var state = storage.GetStateData(jobId)?.Name;
            if (state == wanted || state is "Failed" or "Deleted" || DateTime.UtcNow > deadline)
            {
                return state;
            }

            await Task.Delay(100);
        }
    }
}
