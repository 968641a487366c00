using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// Sweeps on several nodes share the due findings: each claims its own, a sweep that dies holding some has them taken
/// over once its claims run out and not before, and the clock route waits for them. Every due step fires once.
/// </summary>
public sealed class SweepClaimTests : IAsyncLifetime
{
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(8);
    private readonly string _database = SafetyFlowApp.NewDatabase();
    private SafetyFlowApp _app = null!;
    private WorkGate _gate = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _gate?.ReleaseStalled();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_sweeps_at_once_split_the_due_findings_between_them_and_fire_each_step_once()
    {
        Start(new WorkGate { Meet = 2 });
        var findings = await RaiseFindingsAsync();
        await MoveClockAsync(TimeSpan.FromDays(6));

        var sweep = _app.Services.GetRequiredService<EscalationSweep>();
        var fired = await Task.WhenAll(
            WorkGate.Contender("a", () => sweep.RunAsync(CancellationToken.None)),
            WorkGate.Contender("b", () => sweep.RunAsync(CancellationToken.None)));

        // Both sweeps were firing steps of the batches they had claimed at the same moment.
        Assert.Equal(["a", "b"], _gate.MetAt("step").Order());
        Assert.All(fired, count => Assert.True(count > 0, $"Each sweep fires some steps: {string.Join(", ", fired)}"));
        Assert.Equal(findings.Count, fired.Sum());

        // No finding was worked by both: each step was saved once, by the sweep that held its finding.
        var steps = _gate.Saves.Where(s => s.Kind == "step").ToList();
        Assert.Equal(findings.Count, steps.Count);
        Assert.Equal(findings.Order(), steps.Select(s => s.Item).Order());
        Assert.Equal(findings.Count, await RemindersAsync(findings));
    }

    [Fact]
    public async Task A_sweep_that_dies_holding_findings_has_them_taken_over_after_the_claim_timeout_and_not_before()
    {
        Start(new WorkGate { Meet = 1, Stalled = "dead" });
        var findings = await RaiseFindingsAsync();
        await MoveClockAsync(TimeSpan.FromDays(6));
        var sweep = _app.Services.GetRequiredService<EscalationSweep>();
        var dead = WorkGate.Contender("dead", () => sweep.RunAsync(CancellationToken.None));
        await _gate.StalledAtWork.WaitAsync(TimeSpan.FromSeconds(30));
        var (held, until) = await HeldAsync();
        Assert.Equal(4, held.Count);

        // Before the claims run out another sweep fires everything else, and none of the held findings.
        Assert.Equal(findings.Count - held.Count, await sweep.RunAsync(CancellationToken.None));
        Assert.True(WorkClaims.Now < until, "The first run took longer than the claim timeout; the test proves nothing.");
        Assert.Equal(findings.Count - held.Count, await RemindersAsync(findings.Except(held)));
        Assert.Equal(0, await RemindersAsync(held));

        // Once they have run out, the next sweep takes them over.
        await Task.Delay(until - WorkClaims.Now + TimeSpan.FromMilliseconds(100));
        Assert.Equal(held.Count, await sweep.RunAsync(CancellationToken.None));
        Assert.Equal(findings.Count, await RemindersAsync(findings));

        // The stalled sweep wakes up to find its steps fired: it fires nothing twice.
        _gate.ReleaseStalled();
        Assert.Equal(0, await dead);
        Assert.Equal(findings.Count, await RemindersAsync(findings));
        Assert.Empty((await HeldAsync()).Held);
    }

    [Fact]
    public async Task The_clock_route_waits_for_due_findings_another_sweep_holds_and_answers_once_every_step_fired()
    {
        Start(new WorkGate { Meet = 1, Stalled = "dead" });
        var findings = await RaiseFindingsAsync();
        await MoveClockAsync(TimeSpan.FromDays(6));
        var sweep = _app.Services.GetRequiredService<EscalationSweep>();
        var dead = WorkGate.Contender("dead", () => sweep.RunAsync(CancellationToken.None));
        await _gate.StalledAtWork.WaitAsync(TimeSpan.FromSeconds(30));
        var (held, until) = await HeldAsync();
        Assert.NotEmpty(held);

        var answer = await (await _app.SignInAsync("admin")).PostJsonAsync("/api/admin/clock", new { advanceBy = "PT1M" });

        // The answer came once the held claims had run out and the route had fired their steps too.
        Assert.True(WorkClaims.Now >= until, "The clock route answered while another sweep still held due findings.");
        Assert.Equal(findings.Count, answer.GetProperty("stepsFired").GetInt32());
        Assert.Equal(findings.Count, await RemindersAsync(findings));
        _gate.ReleaseStalled();
        Assert.Equal(0, await dead);
        Assert.Equal(findings.Count, await RemindersAsync(findings));
    }

    /// <summary>Every general check of the kitchen's three extinguishers fails: one finding each, all owned by owner-fire.</summary>
    internal static async Task<List<Guid>> RaiseFindingsAsync(SafetyFlowApp app)
    {
        var member = await app.SignInAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        foreach (var asset in checklist.Assets)
        {
            foreach (var item in checklist.ItemsOf("check", "general"))
            {
                checklist.Fail(asset, item);
            }
        }

        var submitted = await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Body());
        var findings = submitted.GetProperty("findings").EnumerateArray().Select(f => Guid.Parse(f.GetString()!)).ToList();
        Assert.True(findings.Count >= 20, $"Expected at least 20 findings, got {findings.Count}.");
        return findings;
    }

    private Task<List<Guid>> RaiseFindingsAsync() => RaiseFindingsAsync(_app);

    private void Start(WorkGate gate)
    {
        _gate = gate;
        _app = new SafetyFlowApp(
            _database,
            settings: new Dictionary<string, string?>
            {
                ["SafetyFlow:Jobs:SweepBatchSize"] = "4",
                ["SafetyFlow:Jobs:ClaimTimeout"] = ClaimTimeout.ToString(),
            },
            services: gate.AddTo);
    }

    /// <summary>Moves the simulation clock without the clock route's own sweep.</summary>
    private async Task MoveClockAsync(TimeSpan by)
    {
        using var scope = _app.Services.CreateScope();
        await _app.Services.GetRequiredService<ManualClock>().AdvanceAsync(by, scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>(), CancellationToken.None);
    }

    /// <summary>The findings a sweep holds now, and when the first of those claims runs out.</summary>
    private async Task<(List<Guid> Held, DateTimeOffset Until)> HeldAsync()
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var claims = await db.WorkClaims.Where(c => c.Queue == WorkQueues.Escalation).ToListAsync();
        return ([.. claims.Select(c => c.ItemId)], claims.Count == 0 ? default : claims.Min(c => c.Until));
    }

    /// <summary>The reminders owner-fire has received about <paramref name="findings"/>; throws when one finding had two.</summary>
    private async Task<int> RemindersAsync(IEnumerable<Guid> findings)
    {
        var ids = findings.Select(f => f.ToString()).ToHashSet();
        var inbox = await (await _app.SignInAsync("owner-fire")).GetJsonAsync("/api/notifications?mine=true&limit=1000");
        var reminders = inbox.EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == "finding.reminder" && n.GetProperty("findingId").ValueKind == JsonValueKind.String)
            .Select(n => n.GetProperty("findingId").GetString()!)
            .Where(ids.Contains)
            .ToList();
        Assert.Equal(reminders.Count, reminders.Distinct().Count());
        return reminders.Count;
    }
}
