using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Delivery;

/// <summary>Webhooks and group robots receive findings over real HTTP, signed, retried and never twice.</summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private const string Secret = "group-secret-42";
    private readonly string _database = SafetyFlowApp.NewDatabase();
    private WebhookReceiver _receiver = null!;
    private SafetyFlowApp? _app;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_json_webhook_gets_each_finding_event_once_signed_with_the_secret()
    {
        var app = Start(new()
        {
            ["SafetyFlow:Webhooks:0:Name"] = "safety-desk",
            ["SafetyFlow:Webhooks:0:Url"] = $"{_receiver.BaseUrl}/hooks/safety",
            ["SafetyFlow:Webhooks:0:Format"] = "json",
            ["SafetyFlow:Webhooks:0:Secret"] = Secret,
            ["SafetyFlow:Webhooks:0:Language"] = "en",
        });
        var findingId = await EscalationTests.RaiseGeneralFindingAsync(app);
        await DeliverySteps.AdvanceAsync(app, "PT1M");

        var request = Assert.Single(await _receiver.WaitForAsync("/hooks/safety"));
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body));
        Assert.Equal(expected, request.Headers["X-SafetyFlow-Signature"]);
        Assert.Equal("finding.assigned", request.Headers["X-SafetyFlow-Event"]);
        var body = request.Json;
        Assert.Equal(request.Headers["X-SafetyFlow-Delivery"], body.GetProperty("id").GetString());
        Assert.Equal("finding.assigned", body.GetProperty("kind").GetString());
        Assert.Equal("en", body.GetProperty("language").GetString());
        Assert.Equal(findingId, body.GetProperty("finding").GetProperty("id").GetString());
        Assert.Equal($"http://localhost:5000/findings/{findingId}", body.GetProperty("finding").GetProperty("link").GetString());
        Assert.Equal("2026-11-30T09:00:00+08:00", body.GetProperty("finding").GetProperty("dueAt").GetString());

        // The deadline escalation notifies the owner and the supervisor: two notifications, one event for the group.
        await DeliverySteps.AdvanceAsync(app, "P7D");
        var all = await _receiver.WaitForAsync("/hooks/safety", 3);
        Assert.Equal(["finding.assigned", "finding.reminder", "finding.escalated"], all.Select(r => r.Headers["X-SafetyFlow-Event"]));
        Assert.Equal(3, all.Select(r => r.Headers["X-SafetyFlow-Delivery"]).Distinct().Count());
    }

    [Fact]
    public async Task A_webhook_that_answers_500_then_200_gets_the_same_delivery_again_after_the_backoff()
    {
        await _receiver.DisposeAsync();
        _receiver = await WebhookReceiver.StartAsync(500);
        var app = Start(new()
        {
            ["SafetyFlow:Webhooks:0:Name"] = "flaky",
            ["SafetyFlow:Webhooks:0:Url"] = $"{_receiver.BaseUrl}/flaky",
        });
        await EscalationTests.RaiseGeneralFindingAsync(app);

        await DeliverySteps.AdvanceAsync(app, "PT1M");
        Assert.Single(_receiver.Requests);
        var pending = Assert.Single((await DeliverySteps.DeliveriesAsync(app, "?status=pending")).EnumerateArray());
        Assert.Equal(1, pending.GetProperty("attempts").GetInt32());
        Assert.Contains("HTTP 500", pending.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        // The first retry waits a minute: half a minute later nothing is sent.
        await DeliverySteps.AdvanceAsync(app, "PT30S");
        Assert.Single(_receiver.Requests);

        await DeliverySteps.AdvanceAsync(app, "PT30S");
        var both = await _receiver.WaitForAsync("/flaky", 2);
        Assert.Equal(both[0].Headers["X-SafetyFlow-Delivery"], both[1].Headers["X-SafetyFlow-Delivery"]);
        var sent = Assert.Single((await DeliverySteps.DeliveriesAsync(app, "?status=sent")).EnumerateArray());
        Assert.Equal(2, sent.GetProperty("attempts").GetInt32());
        Assert.Empty((await DeliverySteps.DeliveriesAsync(app, "?status=pending")).EnumerateArray());

        await DeliverySteps.AdvanceAsync(app, "P1D");
        Assert.Equal(2, _receiver.Requests.Count(r => r.Path == "/flaky" && r.Headers["X-SafetyFlow-Event"] == "finding.assigned"));
    }

    [Fact]
    public async Task A_delivery_that_keeps_failing_is_parked_for_an_admin_who_can_send_it_again()
    {
        _receiver.Status = 503;
        var app = Start(new()
        {
            ["SafetyFlow:Webhooks:0:Name"] = "down",
            ["SafetyFlow:Webhooks:0:Url"] = $"{_receiver.BaseUrl}/down",
            ["SafetyFlow:Delivery:MaxAttempts"] = "3",
        });
        await EscalationTests.RaiseGeneralFindingAsync(app);
        await DeliverySteps.AdvanceAsync(app, "PT1M");
        await DeliverySteps.AdvanceAsync(app, "PT1M");
        Assert.Equal(2, _receiver.Requests.Count);
        Assert.Empty((await DeliverySteps.DeliveriesAsync(app, "?status=failed")).EnumerateArray());

        // Attempts wait 1 then 5 minutes: the third goes out 5 minutes after the second and is the last.
        await DeliverySteps.AdvanceAsync(app, "PT5M");
        await DeliverySteps.AdvanceAsync(app, "P1D");
        Assert.Equal(3, _receiver.Requests.Count);
        var failed = Assert.Single((await DeliverySteps.DeliveriesAsync(app, "?status=failed")).EnumerateArray());
        Assert.Equal(3, failed.GetProperty("attempts").GetInt32());
        Assert.Equal("webhook", failed.GetProperty("channel").GetString());
        Assert.Equal("down", failed.GetProperty("target").GetString());
        Assert.Contains("HTTP 503", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        var owner = await app.SignInAsync("owner-fire");
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync("/api/admin/deliveries?status=failed")).StatusCode);
        var id = failed.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.PostAsync($"/api/admin/deliveries/{id}/resend", null)).StatusCode);

        _receiver.Status = 200;
        var admin = await app.SignInAsync("admin");
        var resent = await admin.PostJsonAsync($"/api/admin/deliveries/{id}/resend", null);
        Assert.Equal("sent", resent.GetProperty("status").GetString());
        Assert.Equal(1, resent.GetProperty("attempts").GetInt32());
        await _receiver.WaitForAsync("/down", 4);
        Assert.Empty((await DeliverySteps.DeliveriesAsync(app, "?status=failed")).EnumerateArray());
        Assert.Equal(4, _receiver.Requests.Count);

        await admin.PostJsonAsync($"/api/admin/deliveries/{id}/resend", null, HttpStatusCode.Conflict);
        await admin.PostJsonAsync($"/api/admin/deliveries/{Guid.NewGuid()}/resend", null, HttpStatusCode.NotFound);
        var problem = await admin.GetJsonAsync("/api/admin/deliveries?status=lost", HttpStatusCode.BadRequest);
        Assert.Contains("status", problem.Errors().Keys);
    }

    [Fact]
    public async Task DingTalk_gets_its_robot_message_on_a_signed_url_and_WeCom_its_own_format()
    {
        var app = Start(new()
        {
            ["SafetyFlow:Webhooks:0:Name"] = "dingtalk-group",
            ["SafetyFlow:Webhooks:0:Url"] = $"{_receiver.BaseUrl}/robot/send?access_token=abc",
            ["SafetyFlow:Webhooks:0:Format"] = "dingtalk",
            ["SafetyFlow:Webhooks:0:Secret"] = "SEC123",
            ["SafetyFlow:Webhooks:1:Name"] = "wecom-group",
            ["SafetyFlow:Webhooks:1:Url"] = $"{_receiver.BaseUrl}/cgi-bin/webhook/send?key=xyz",
            ["SafetyFlow:Webhooks:1:Format"] = "wecom",
        });
        var findingId = await EscalationTests.RaiseGeneralFindingAsync(app);
        await DeliverySteps.AdvanceAsync(app, "PT1M");

        var ding = Assert.Single(await _receiver.WaitForAsync("/robot/send"));
        Assert.Equal("abc", ding.Query["access_token"]);
        var timestamp = ding.Query["timestamp"];
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("SEC123"), Encoding.UTF8.GetBytes($"{timestamp}\nSEC123")));
        Assert.Equal(expected, ding.Query["sign"]);
        Assert.True(Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture)) < 60_000);
        Assert.Equal("markdown", ding.Json.GetProperty("msgtype").GetString());
        Assert.StartsWith("新隐患待整改：", ding.Json.GetProperty("markdown").GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains($"/findings/{findingId}", ding.Json.GetProperty("markdown").GetProperty("text").GetString(), StringComparison.Ordinal);

        var wecom = Assert.Single(await _receiver.WaitForAsync("/cgi-bin/webhook/send"));
        Assert.Equal("xyz", wecom.Query["key"]);
        Assert.Equal("markdown", wecom.Json.GetProperty("msgtype").GetString());
        var content = wecom.Json.GetProperty("markdown").GetProperty("content").GetString();
        Assert.Contains("整改期限", content, StringComparison.Ordinal);
        Assert.Contains($"/findings/{findingId}", content, StringComparison.Ordinal);
        Assert.False(wecom.Headers.ContainsKey("X-SafetyFlow-Signature"));
    }

    [Fact]
    public async Task A_webhook_gets_only_the_kinds_and_units_it_is_configured_for()
    {
        var app = Start(new()
        {
            ["SafetyFlow:Webhooks:0:Name"] = "escalations-only",
            ["SafetyFlow:Webhooks:0:Url"] = $"{_receiver.BaseUrl}/escalations",
            ["SafetyFlow:Webhooks:0:Events:0"] = "finding.escalated",
            ["SafetyFlow:Webhooks:1:Name"] = "dormitory",
            ["SafetyFlow:Webhooks:1:Url"] = $"{_receiver.BaseUrl}/dorm",
            ["SafetyFlow:Webhooks:1:Units:0"] = "dorm-a",
            ["SafetyFlow:Webhooks:2:Name"] = "canteen",
            ["SafetyFlow:Webhooks:2:Url"] = $"{_receiver.BaseUrl}/canteen",
            ["SafetyFlow:Webhooks:2:Units:0"] = "canteen-1",
        });
        await EscalationTests.RaiseGeneralFindingAsync(app);
        await DeliverySteps.AdvanceAsync(app, "PT1M");

        Assert.Single(await _receiver.WaitForAsync("/canteen"));
        Assert.DoesNotContain(_receiver.Requests, r => r.Path is "/dorm" or "/escalations");

        await DeliverySteps.AdvanceAsync(app, "P7D");
        var escalation = Assert.Single(await _receiver.WaitForAsync("/escalations"));
        Assert.Equal("finding.escalated", escalation.Headers["X-SafetyFlow-Event"]);
        Assert.DoesNotContain(_receiver.Requests, r => r.Path == "/dorm");
    }

    [Fact]
    public async Task A_person_can_route_their_own_notifications_to_a_group_webhook()
    {
        var app = Start(new()
        {
            ["SafetyFlow:Webhooks:0:Name"] = "fire-team",
            ["SafetyFlow:Webhooks:0:Url"] = $"{_receiver.BaseUrl}/fire-team",
            ["SafetyFlow:Webhooks:0:Units:0"] = "no-such-unit",
        });
        var owner = await app.SignInAsync("owner-fire");
        var saved = await (await owner.PutAsJsonAsync("/api/me/preferences", new { language = "en", notifyByEmail = true, webhook = "fire-team" })).ReadJsonAsync();
        Assert.Equal("fire-team", saved.GetProperty("webhook").GetString());

        await EscalationTests.RaiseGeneralFindingAsync(app);
        await DeliverySteps.AdvanceAsync(app, "PT1M");
        var post = Assert.Single(await _receiver.WaitForAsync("/fire-team"));
        Assert.Equal("finding.assigned", post.Headers["X-SafetyFlow-Event"]);
    }

    private SafetyFlowApp Start(Dictionary<string, string?> settings)
    {
        _app = new SafetyFlowApp(_database, settings: settings);
        return _app;
    }
}
