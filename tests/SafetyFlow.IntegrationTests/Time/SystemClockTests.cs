using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;

namespace SafetyFlow.IntegrationTests.Time;

/// <summary>The default setup: the system clock, with its sub-second instants, as a real install runs.</summary>
public sealed class SystemClockTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?>
    {
        ["SafetyFlow:Clock:Mode"] = "System",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_whole_loop_on_the_system_clock_leaves_a_trail_that_verifies()
    {
        var member = await _app.SignInAsync("member-canteen");
        var owner = await _app.SignInAsync("owner-fire");
        var supervisor = await _app.SignInAsync("sup-canteen");
        var admin = await _app.SignInAsync("admin");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/clock")).StatusCode);

        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var submitted = await member.PostJsonAsync(
            $"/api/inspections/{checklist.Id}/submit",
            checklist.Fail(checklist.Assets[0], checklist.ItemOf("check", "general"), "seal broken").Body());
        var findingId = Assert.Single(submitted.GetProperty("findings").EnumerateArray()).GetString();

        // An extension asked for with another offset than the server's: the same instant, whatever its offset.
        var raised = (await owner.GetJsonAsync($"/api/findings/{findingId}")).GetProperty("dueAt").GetDateTimeOffset();
        var later = raised.AddDays(3).AddTicks(1234567).ToOffset(TimeSpan.FromHours(-5));
        await owner.PostJsonAsync($"/api/findings/{findingId}/extension", new { dueAt = later, reason = "part on order" });
        var extended = await supervisor.PostJsonAsync($"/api/findings/{findingId}/extension/approve", new { note = "fine" });
        Assert.Equal(later.UtcTicks / 10_000, extended.GetProperty("dueAt").GetDateTimeOffset().UtcTicks / 10_000);
        Assert.EndsWith("+08:00", extended.GetProperty("dueAt").GetString());

        await owner.PostJsonAsync($"/api/findings/{findingId}/fix", new { note = "new seal" });
        await supervisor.PostJsonAsync($"/api/findings/{findingId}/reject", new { reason = "photo missing" });
        await owner.PostJsonAsync($"/api/findings/{findingId}/fix", new { note = "new seal, photo attached" });
        var closed = await supervisor.PostJsonAsync($"/api/findings/{findingId}/approve", new { note = "ok" });
        Assert.Equal("Closed", closed.GetProperty("state").GetString());

        // The times really were sub-second: what a real install stores.
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var instants = await db.FindingTransitions.Where(t => t.FindingId == Guid.Parse(findingId!)).Select(t => t.At).ToListAsync();
            Assert.True(instants.Count >= 7);
            Assert.Contains(instants, at => at.UtcTicks % TimeSpan.TicksPerMillisecond != 0);
        }

        var verify = await (await _app.SignInAsync("safety1")).GetJsonAsync("/api/audit/verify");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
        Assert.True(verify.GetProperty("checked").GetInt32() >= 7);

        // The finding counts in the closure figures of the local month it was raised in, closed on time.
        var month = closed.GetProperty("raisedAt").GetDateTimeOffset();
        var from = new DateOnly(month.Year, month.Month, 1);
        var report = await admin.GetJsonAsync($"/api/reports/closure?from={from:yyyy-MM-dd}&to={from.AddMonths(1).AddDays(-1):yyyy-MM-dd}&groupBy=zone");
        var row = report.EnumerateArray().Single(r => r.GetProperty("key").GetString() == "z-canteen-kitchen");
        Assert.Equal(1, row.GetProperty("raised").GetInt32());
        Assert.Equal(1, row.GetProperty("closedOnTime").GetInt32());
    }
}
