using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Features.Delivery;

namespace SafetyFlow.IntegrationTests.Delivery;

/// <summary>Daily digests for supervisors and a weekly one for the safety office, by mail and in the app, never empty.</summary>
public sealed class DigestTests : IAsyncLifetime
{
    private SmtpServer _smtp = null!;
    private SafetyFlowApp _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpServer.StartAsync();
        _app = new SafetyFlowApp(SafetyFlowApp.NewDatabase(), settings: _smtp.Settings);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Nobody_gets_a_digest_when_nothing_is_open()
    {
        Assert.Equal(0, await RunAsync(d => d.SendDailyAsync(CancellationToken.None)));
        Assert.Equal(0, await RunAsync(d => d.SendWeeklyAsync(CancellationToken.None)));
        await DeliverySteps.AdvanceAsync(_app, "PT1M");
        Assert.Empty(_smtp.Messages());
    }

    [Fact]
    public async Task A_supervisor_gets_a_daily_digest_of_their_units_findings_once_a_day()
    {
        var findingId = await EscalationTests.RaiseGeneralFindingAsync(_app);
        await DeliverySteps.AdvanceAsync(_app, "P6D");

        // sup-canteen supervises the canteen; leader1 the whole tree; sup-dorm and sup-office have nothing open.
        Assert.Equal(2, await RunAsync(d => d.SendDailyAsync(CancellationToken.None)));
        Assert.Equal(0, await RunAsync(d => d.SendDailyAsync(CancellationToken.None)));

        var digest = Assert.Single(await DigestsAsync("sup-canteen", "digest.daily"));
        var text = digest.GetProperty("text").GetString()!;
        Assert.StartsWith("Daily findings digest for 2026-11-29: 0 overdue, 1 due soon, 1 open in all.", text, StringComparison.Ordinal);
        Assert.Contains($"https://safety.example.test/findings/{findingId}", text, StringComparison.Ordinal);
        Assert.Empty(await DigestsAsync("sup-dorm", "digest.daily"));
        Assert.Single(await DigestsAsync("leader1", "digest.daily"));

        await DeliverySteps.AdvanceAsync(_app, "PT1M");
        var mail = Assert.Single(await _smtp.WaitForAsync("sup-canteen@example.test"));
        Assert.Equal("[SafetyFlow] Daily findings digest", mail.Subject);
        Assert.Contains($"https://safety.example.test/findings/{findingId}", mail.TextBody, StringComparison.Ordinal);
        var leader = Assert.Single(await _smtp.WaitForAsync("leader1@example.test"));
        Assert.Equal("[SafetyFlow] 每日隐患汇总", leader.Subject);
        Assert.Contains("即将到期 1 条", leader.TextBody, StringComparison.Ordinal);
        Assert.Empty(_smtp.To("sup-dorm@example.test"));

        // The next day brings a new digest, now with the finding overdue.
        await DeliverySteps.AdvanceAsync(_app, "P2D");
        Assert.Equal(2, await RunAsync(d => d.SendDailyAsync(CancellationToken.None)));
        var latest = (await DigestsAsync("sup-canteen", "digest.daily"))[0].GetProperty("text").GetString()!;
        Assert.Contains("1 overdue", latest, StringComparison.Ordinal);
        Assert.Contains("overdue, escalation level 1", latest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_safety_office_gets_a_weekly_digest_in_its_language_once_a_week()
    {
        await EscalationTests.RaiseGeneralFindingAsync(_app);
        await DeliverySteps.AdvanceAsync(_app, "PT1M");

        Assert.Equal(1, await RunAsync(d => d.SendWeeklyAsync(CancellationToken.None)));
        Assert.Equal(0, await RunAsync(d => d.SendWeeklyAsync(CancellationToken.None)));
        var text = Assert.Single(await DigestsAsync("safety1", "digest.weekly")).GetProperty("text").GetString()!;
        Assert.StartsWith("2026-W48 每周隐患汇总：已超期 0 条，即将到期 0 条，未销号共 1 条。", text, StringComparison.Ordinal);
        Assert.Contains("过去 7 天新发现 1 条，销号 0 条。", text, StringComparison.Ordinal);

        await DeliverySteps.AdvanceAsync(_app, "PT1M");
        var mail = Assert.Single(await _smtp.WaitForAsync("safety1@example.test"));
        Assert.Equal("[SafetyFlow] 每周隐患汇总", mail.Subject);
        Assert.Equal("zh-CN", mail.Body!.Headers[MimeKit.HeaderId.ContentLanguage]);
    }

    private async Task<int> RunAsync(Func<Digests, Task<int>> digest)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await digest(scope.ServiceProvider.GetRequiredService<Digests>());
    }

    private async Task<List<JsonElement>> DigestsAsync(string userName, string kind)
    {
        var inbox = await (await _app.SignInAsync(userName)).GetJsonAsync("/api/notifications?mine=true");
        return [.. inbox.EnumerateArray().Where(n => n.GetProperty("kind").GetString() == kind)];
    }
}
