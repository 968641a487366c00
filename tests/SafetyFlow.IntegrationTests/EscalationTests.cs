using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.IntegrationTests;

/// <summary>The escalation ladder under the simulation clock: each step once, in order, across restarts.</summary>
public sealed class EscalationTests : IAsyncLifetime
{
    private readonly string _database = SafetyFlowApp.NewDatabase();
    private SafetyFlowApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new SafetyFlowApp(_database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_overdue_finding_climbs_the_ladder_one_step_at_a_time_and_each_step_is_sent_once()
    {
        var findingId = await RaiseGeneralFindingAsync(_app);
        var admin = await _app.SignInAsync("admin");

        await AdvanceAsync(admin, "P5D");
        Assert.Equal(0, await CountAsync(_app, "owner-fire", "finding.reminder", findingId));

        await AdvanceAsync(admin, "P1D");
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.reminder", findingId));
        Assert.Equal(0, (await FindingAsync(_app, findingId)).GetProperty("escalationLevel").GetInt32());

        await AdvanceAsync(admin, "P1D");
        var atDeadline = await FindingAsync(_app, findingId);
        Assert.Equal(1, atDeadline.GetProperty("escalationLevel").GetInt32());
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.escalated", findingId));
        Assert.Equal(1, await CountAsync(_app, "sup-canteen", "finding.escalated", findingId));
        Assert.Equal(0, await CountAsync(_app, "safety1", "finding.escalated", findingId));

        await AdvanceAsync(admin, "PT1H");
        Assert.True((await FindingAsync(_app, findingId)).GetProperty("overdue").GetBoolean());
        var overdueList = await (await _app.SignInAsync("safety1")).GetJsonAsync("/api/findings?overdue=true");
        Assert.Contains(overdueList.EnumerateArray(), f => f.GetProperty("id").GetString() == findingId);

        await AdvanceAsync(admin, "P2D");
        Assert.Equal(2, (await FindingAsync(_app, findingId)).GetProperty("escalationLevel").GetInt32());
        Assert.Equal(1, await CountAsync(_app, "safety1", "finding.escalated", findingId));

        await AdvanceAsync(admin, "P5D");
        var supervised = await FindingAsync(_app, findingId);
        Assert.Equal(3, supervised.GetProperty("escalationLevel").GetInt32());
        Assert.True(supervised.GetProperty("supervised").GetBoolean());
        Assert.Equal(1, await CountAsync(_app, "leader1", "finding.escalated", findingId));

        // Nothing is left on the ladder: more time sends nothing more.
        await AdvanceAsync(admin, "P30D");
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.reminder", findingId));
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.escalated", findingId));
        Assert.Equal(2, await CountAsync(_app, "safety1", "finding.escalated", findingId));
        var history = supervised.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Equal(["raise", "remind", "escalate", "escalate", "escalate"], history);
    }

    [Fact]
    public async Task A_restarted_app_on_the_same_file_keeps_escalating_and_sends_no_duplicates()
    {
        var findingId = await RaiseGeneralFindingAsync(_app);
        var admin = await _app.SignInAsync("admin");
        await AdvanceAsync(admin, "P7D");
        var before = await (await _app.SignInAsync("admin")).GetJsonAsync("/api/admin/clock");
        Assert.Equal(1, (await FindingAsync(_app, findingId)).GetProperty("escalationLevel").GetInt32());
        await _app.DisposeAsync();

        _app = new SafetyFlowApp(_database);
        admin = await _app.SignInAsync("admin");
        var after = await admin.GetJsonAsync("/api/admin/clock");
        Assert.Equal(before.GetProperty("now").GetDateTimeOffset(), after.GetProperty("now").GetDateTimeOffset());

        await AdvanceAsync(admin, "PT1M");
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.reminder", findingId));
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.escalated", findingId));

        await AdvanceAsync(admin, "P2D");
        Assert.Equal(2, (await FindingAsync(_app, findingId)).GetProperty("escalationLevel").GetInt32());
        Assert.Equal(1, await CountAsync(_app, "safety1", "finding.escalated", findingId));
        Assert.Equal(1, await CountAsync(_app, "sup-canteen", "finding.escalated", findingId));
    }

    [Fact]
    public async Task Two_sweeps_running_at_once_fire_each_due_step_once()
    {
        var findings = new List<string>();
        foreach (var zone in new[] { ("member-canteen", "z-canteen-kitchen"), ("member-dorm", "z-dorm-a"), ("member-office", "z-office-2f") })
        {
            findings.Add(await RaiseGeneralFindingAsync(_app, zone.Item1, zone.Item2));
        }

        // Move the clock without its own sweep, then let two sweeps race over the same due steps.
        var clock = _app.Services.GetRequiredService<ManualClock>();
        using (var scope = _app.Services.CreateScope())
        {
            await clock.AdvanceAsync(TimeSpan.FromDays(10), scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>(), CancellationToken.None);
        }

        var sweep = _app.Services.GetRequiredService<EscalationSweep>();
        var fired = await Task.WhenAll(sweep.RunAsync(CancellationToken.None), sweep.RunAsync(CancellationToken.None));

        // Reminder, deadline and +2 days are due for each of the three findings: nine steps in all, fired once each.
        Assert.Equal(9, fired.Sum());
        foreach (var findingId in findings)
        {
            Assert.Equal(2, (await FindingAsync(_app, findingId)).GetProperty("escalationLevel").GetInt32());
            Assert.Equal(1, await CountAsync(_app, "safety1", "finding.escalated", findingId));
        }
    }

    [Fact]
    public async Task A_closed_finding_escalates_no_further()
    {
        var findingId = await RaiseGeneralFindingAsync(_app);
        var owner = await _app.SignInAsync("owner-fire");
        await owner.PostJsonAsync($"/api/findings/{findingId}/fix", new { note = "fixed" });
        await (await _app.SignInAsync("sup-canteen")).PostJsonAsync($"/api/findings/{findingId}/approve", new { });

        await AdvanceAsync(await _app.SignInAsync("admin"), "P20D");
        var finding = await FindingAsync(_app, findingId);
        Assert.Equal(0, finding.GetProperty("escalationLevel").GetInt32());
        Assert.False(finding.GetProperty("overdue").GetBoolean());
        Assert.Equal(0, await CountAsync(_app, "owner-fire", "finding.reminder", findingId));
    }

    internal static async Task<string> RaiseGeneralFindingAsync(SafetyFlowApp app, string member = "member-canteen", string zone = "z-canteen-kitchen")
    {
        var client = await app.SignInAsync(member);
        var checklist = await Checklist.OpenAsync(client, "weekly-extinguisher-check", zone);
        var submitted = await client.PostJsonAsync(
            $"/api/inspections/{checklist.Id}/submit",
            checklist.Fail(checklist.Assets[0], checklist.ItemOf("check", "general")).Body());
        return submitted.GetProperty("findings")[0].GetString()!;
    }

    internal static async Task AdvanceAsync(HttpClient admin, string by) =>
        await admin.PostJsonAsync("/api/admin/clock", new { advanceBy = by });

    internal static async Task<JsonElement> FindingAsync(SafetyFlowApp app, string findingId) =>
        await (await app.SignInAsync("safety1")).GetJsonAsync($"/api/findings/{findingId}");

    internal static async Task<int> CountAsync(SafetyFlowApp app, string userName, string kind, string findingId)
    {
        var inbox = await (await app.SignInAsync(userName)).GetJsonAsync("/api/notifications?mine=true&limit=1000");
        return inbox.EnumerateArray().Count(n => n.GetProperty("kind").GetString() == kind && n.GetProperty("findingId").GetString() == findingId);
    }
}
