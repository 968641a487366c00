using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Features.Delivery;

namespace SafetyFlow.IntegrationTests.Delivery;

/// <summary>Findings and escalations reach people's mailboxes through a real SMTP server, in their language.</summary>
public sealed class EmailDeliveryTests : IAsyncLifetime
{
    private readonly string _database = SafetyFlowApp.NewDatabase();
    private SmtpServer _smtp = null!;
    private SafetyFlowApp _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpServer.StartAsync();
        _app = new SafetyFlowApp(_database, settings: _smtp.Settings);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task The_owner_gets_an_email_in_English_that_says_what_where_who_the_deadline_and_links_to_the_finding()
    {
        var findingId = await EscalationTests.RaiseGeneralFindingAsync(_app);
        await DeliverySteps.AdvanceAsync(_app, "PT1M");

        var mail = Assert.Single(await _smtp.WaitForAsync("owner-fire@example.test"));
        Assert.StartsWith("[SafetyFlow] New finding to fix: ", mail.Subject, StringComparison.Ordinal);
        Assert.Equal("en", mail.Body!.Headers[HeaderId.ContentLanguage]);
        Assert.Equal("safety@example.test", mail.From.Mailboxes.Single().Address);
        var body = mail.TextBody;
        Assert.Contains("New general finding for you to fix", body, StringComparison.Ordinal);
        Assert.Contains("Where: ", body, StringComparison.Ordinal);
        Assert.Contains("Who: ", body, StringComparison.Ordinal);
        Assert.Contains("Deadline: 2026-11-30 09:00", body, StringComparison.Ordinal);
        Assert.Contains($"https://safety.example.test/findings/{findingId}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_who_prefers_Chinese_gets_the_email_in_Chinese()
    {
        var owner = await _app.SignInAsync("owner-fire");
        await owner.PutAsJsonAsync("/api/me/preferences", new { language = "zh-CN", notifyByEmail = true });

        var findingId = await EscalationTests.RaiseGeneralFindingAsync(_app);
        await DeliverySteps.AdvanceAsync(_app, "PT1M");

        var mail = Assert.Single(await _smtp.WaitForAsync("owner-fire@example.test"));
        Assert.StartsWith("[SafetyFlow] 新隐患待整改：", mail.Subject, StringComparison.Ordinal);
        Assert.Equal("zh-CN", mail.Body!.Headers[HeaderId.ContentLanguage]);
        Assert.Contains("您有一条新的一般隐患待整改", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("整改期限: 2026-11-30 09:00", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://safety.example.test/findings/{findingId}", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escalation_emails_name_the_level_and_how_long_the_finding_is_overdue()
    {
        var findingId = await EscalationTests.RaiseGeneralFindingAsync(_app);
        await DeliverySteps.AdvanceAsync(_app, "P7D");
        await DeliverySteps.AdvanceAsync(_app, "P2D");

        var supervisor = Assert.Single(await _smtp.WaitForAsync("sup-canteen@example.test"));
        Assert.StartsWith("[SafetyFlow] Finding escalated: ", supervisor.Subject, StringComparison.Ordinal);
        Assert.Contains("Escalated to level 1", supervisor.TextBody, StringComparison.Ordinal);

        var office = Assert.Single(await _smtp.WaitForAsync("safety1@example.test"));
        Assert.StartsWith("[SafetyFlow] 隐患升级：", office.Subject, StringComparison.Ordinal);
        Assert.Contains("隐患升级至第 2 级", office.TextBody, StringComparison.Ordinal);
        Assert.Contains("已超期 2 天", office.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://safety.example.test/findings/{findingId}", office.TextBody, StringComparison.Ordinal);

        // Owner: assigned, reminder, level 1; each once.
        Assert.Equal(3, _smtp.To("owner-fire@example.test").Count);
    }

    [Fact]
    public async Task Someone_who_turned_email_off_gets_the_in_app_notification_but_no_mail()
    {
        var owner = await _app.SignInAsync("owner-fire");
        var saved = await (await owner.PutAsJsonAsync("/api/me/preferences", new { language = "en", notifyByEmail = false })).ReadJsonAsync();
        Assert.False(saved.GetProperty("notifyByEmail").GetBoolean());

        var findingId = await EscalationTests.RaiseGeneralFindingAsync(_app);
        await DeliverySteps.AdvanceAsync(_app, "PT1M");

        var inbox = await owner.GetJsonAsync("/api/notifications?mine=true");
        Assert.Contains(inbox.EnumerateArray(), n => n.GetProperty("findingId").GetString() == findingId);
        Assert.Empty(_smtp.To("owner-fire@example.test"));
        var deliveries = await (await _app.SignInAsync("admin")).GetJsonAsync("/api/admin/deliveries");
        Assert.DoesNotContain(deliveries.EnumerateArray(), d => d.GetProperty("target").GetString() == "owner-fire@example.test");
    }

    [Fact]
    public async Task Preferences_refuse_an_unknown_language_a_missing_choice_and_an_unknown_webhook()
    {
        var owner = await _app.SignInAsync("owner-fire");
        var response = await owner.PutAsJsonAsync("/api/me/preferences", new { language = "fr", webhook = "nowhere" });
        var errors = (await response.ReadJsonAsync(HttpStatusCode.BadRequest)).Errors();
        Assert.Contains("language", errors.Keys);
        Assert.Contains("notifyByEmail", errors.Keys);
        Assert.Contains("webhook", errors.Keys);

        var unchanged = await owner.GetJsonAsync("/api/me/preferences");
        Assert.Equal("en", unchanged.GetProperty("language").GetString());
    }

    [Fact]
    public async Task A_notification_queued_before_a_restart_is_mailed_exactly_once_after_it()
    {
        await EscalationTests.RaiseGeneralFindingAsync(_app);
        Assert.Empty(_smtp.Messages());
        await _app.DisposeAsync();

        _app = new SafetyFlowApp(_database, settings: _smtp.Settings);
        await DeliverySteps.AdvanceAsync(_app, "PT1M");
        Assert.Single(await _smtp.WaitForAsync("owner-fire@example.test"));

        // Another drain on this node, and one on a node started afterwards, find nothing left to send.
        await _app.Services.GetRequiredService<OutboxDrain>().RunAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _app = new SafetyFlowApp(_database, settings: _smtp.Settings);
        var drained = await _app.Services.GetRequiredService<OutboxDrain>().RunAsync(CancellationToken.None);
        Assert.Equal(new DrainResult(0, 0, 0, 0), drained);
        Assert.Single(_smtp.To("owner-fire@example.test"));

        var sent = await (await _app.SignInAsync("admin")).GetJsonAsync("/api/admin/deliveries?status=sent");
        var delivery = Assert.Single(sent.EnumerateArray(), d => d.GetProperty("target").GetString() == "owner-fire@example.test");
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Two_drains_at_once_send_each_mail_once()
    {
        foreach (var (member, zone) in new[] { ("member-canteen", "z-canteen-kitchen"), ("member-dorm", "z-dorm-a"), ("member-office", "z-office-2f") })
        {
            await EscalationTests.RaiseGeneralFindingAsync(_app, member, zone);
        }

        var drain = _app.Services.GetRequiredService<OutboxDrain>();
        var results = await Task.WhenAll(drain.RunAsync(CancellationToken.None), drain.RunAsync(CancellationToken.None));

        Assert.Equal(3, results.Sum(r => r.Sent));
        var messageIds = _smtp.Messages().Select(m => m.MessageId).ToList();
        Assert.Equal(3, messageIds.Count);
        Assert.Equal(3, messageIds.Distinct().Count());
    }
}

internal static class DeliverySteps
{
    /// <summary>Moves the simulation clock; the answer comes after due steps fired and the outbox was drained.</summary>
    public static async Task AdvanceAsync(SafetyFlowApp app, string by) =>
        await (await app.SignInAsync("admin")).PostJsonAsync("/api/admin/clock", new { advanceBy = by });

    public static async Task<JsonElement> DeliveriesAsync(SafetyFlowApp app, string query = "") =>
        await (await app.SignInAsync("admin")).GetJsonAsync($"/api/admin/deliveries{query}");
}
