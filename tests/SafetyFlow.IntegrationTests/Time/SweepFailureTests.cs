using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using static SafetyFlow.IntegrationTests.EscalationTests;

namespace SafetyFlow.IntegrationTests.Time;

/// <summary>One finding whose step cannot fire does not hold up everyone else's escalations.</summary>
public sealed class SweepFailureTests : IAsyncLifetime
{
    // One due finding per pass, so the failing one is alone at the head of the queue.
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?>
    {
        ["SafetyFlow:Jobs:SweepBatchSize"] = "1",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_poisoned_finding_is_recorded_and_retried_while_the_others_escalate()
    {
        // The poisoned finding is raised first, so its step is the first one due.
        var poisoned = await RaiseGeneralFindingAsync(_app, "member-canteen", "z-canteen-kitchen");
        var admin = await _app.SignInAsync("admin");
        await AdvanceAsync(admin, "PT1M");
        var others = new[]
        {
            await RaiseGeneralFindingAsync(_app, "member-dorm", "z-dorm-a"),
            await RaiseGeneralFindingAsync(_app, "member-office", "z-office-2f"),
        };
        var hash = await SetLifecycleHashAsync(poisoned, "a-lifecycle-this-node-does-not-know");

        await AdvanceAsync(admin, "P6D");
        foreach (var other in others)
        {
            Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.reminder", other));
        }

        Assert.Equal(0, await CountAsync(_app, "owner-fire", "finding.reminder", poisoned));
        var failed = Assert.Single((await admin.GetJsonAsync("/api/admin/escalations/failed")).EnumerateArray());
        Assert.Equal(poisoned, failed.GetProperty("findingId").GetString());
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
        Assert.Contains("a-lifecycle-this-node-does-not-know", failed.GetProperty("error").GetString(), StringComparison.Ordinal);

        // Not retried before its time; then retried, failing again, with a longer wait.
        await AdvanceAsync(admin, "PT1M");
        Assert.Equal(1, (await admin.GetJsonAsync("/api/admin/escalations/failed"))[0].GetProperty("attempts").GetInt32());
        await AdvanceAsync(admin, "PT5M");
        var again = (await admin.GetJsonAsync("/api/admin/escalations/failed"))[0];
        Assert.Equal(2, again.GetProperty("attempts").GetInt32());
        Assert.Equal(TimeSpan.FromMinutes(10), again.GetProperty("retryAt").GetDateTimeOffset() - again.GetProperty("lastFailedAt").GetDateTimeOffset());

        // Once mended, the step fires once at the next try and the failure is gone.
        await SetLifecycleHashAsync(poisoned, hash);
        await AdvanceAsync(admin, "PT10M");
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.reminder", poisoned));
        Assert.Empty((await admin.GetJsonAsync("/api/admin/escalations/failed")).EnumerateArray());
        Assert.True((await (await _app.SignInAsync("safety1")).GetJsonAsync("/api/audit/verify")).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task An_admin_can_have_a_failed_step_tried_again_at_once()
    {
        var poisoned = await RaiseGeneralFindingAsync(_app, "member-canteen", "z-canteen-kitchen");
        var hash = await SetLifecycleHashAsync(poisoned, "unknown");
        var admin = await _app.SignInAsync("admin");
        await AdvanceAsync(admin, "P6D");
        Assert.Single((await admin.GetJsonAsync("/api/admin/escalations/failed")).EnumerateArray());

        await SetLifecycleHashAsync(poisoned, hash);
        var retried = await admin.PostJsonAsync($"/api/admin/escalations/failed/{poisoned}/retry", null);
        Assert.Equal(poisoned, retried.GetProperty("findingId").GetString());
        await AdvanceAsync(admin, "PT1S");
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.reminder", poisoned));
        Assert.Empty((await admin.GetJsonAsync("/api/admin/escalations/failed")).EnumerateArray());

        await admin.PostJsonAsync($"/api/admin/escalations/failed/{Guid.NewGuid()}/retry", null, System.Net.HttpStatusCode.NotFound);
        await (await _app.SignInAsync("safety1")).GetJsonAsync("/api/admin/escalations/failed", System.Net.HttpStatusCode.Forbidden);
    }

    /// <summary>Sets a finding's lifecycle hash behind the app's back and returns the one it had.</summary>
    private async Task<string> SetLifecycleHashAsync(string findingId, string hash)
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var id = Guid.Parse(findingId);
        var before = await db.Findings.Where(f => f.Id == id).Select(f => f.LifecycleHash).SingleAsync();
        await db.Findings.Where(f => f.Id == id).ExecuteUpdateAsync(s => s.SetProperty(f => f.LifecycleHash, hash));
        return before;
    }
}
