using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Delivery;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Features.Delivery;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// A finding belongs to the unit its zone is in now (decision 008): webhooks by unit, and after an org import moves the
/// canteen hall to the dormitory, who acts on its open finding, who sees it, digests and reports all follow the move.
/// </summary>
public sealed class ZoneMoveTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;
    private SafetyFlowApp _app = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _app = new SafetyFlowApp(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?>
        {
            ["SafetyFlow:Webhooks:0:Name"] = "canteen",
            ["SafetyFlow:Webhooks:0:Url"] = $"{_receiver.BaseUrl}/canteen",
            ["SafetyFlow:Webhooks:0:Units:0"] = "canteen-1",
            ["SafetyFlow:Webhooks:1:Name"] = "dormitory",
            ["SafetyFlow:Webhooks:1:Url"] = $"{_receiver.BaseUrl}/dorm",
            ["SafetyFlow:Webhooks:1:Units:0"] = "dorm-a",
            ["SafetyFlow:Webhooks:2:Name"] = "company",
            ["SafetyFlow:Webhooks:2:Url"] = $"{_receiver.BaseUrl}/company",
            ["SafetyFlow:Webhooks:2:Units:0"] = "svc",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_webhook_for_a_unit_gets_the_findings_of_that_unit_and_the_units_below_it_only()
    {
        var hall = await EscalationTests.RaiseGeneralFindingAsync(_app, "member-canteen", "z-canteen-hall");
        var dorm = await EscalationTests.RaiseGeneralFindingAsync(_app, "member-dorm", "z-dorm-a");
        await DeliverySteps.AdvanceAsync(_app, "PT1M");

        Assert.Equal([hall], FindingsPostedTo("/canteen"));
        Assert.Equal([dorm], FindingsPostedTo("/dorm"));
        Assert.Equal(new[] { dorm, hall }.Order(StringComparer.Ordinal), FindingsPostedTo("/company").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task After_a_zone_moves_its_open_finding_is_acted_on_seen_digested_routed_and_reported_by_the_new_unit()
    {
        var hall = await EscalationTests.RaiseGeneralFindingAsync(_app, "member-canteen", "z-canteen-hall");
        var dorm = await EscalationTests.RaiseGeneralFindingAsync(_app, "member-dorm", "z-dorm-a");
        var oldSupervisor = await _app.SignInAsync("sup-canteen");
        var newSupervisor = await _app.SignInAsync("sup-dorm");
        await oldSupervisor.GetJsonAsync($"/api/findings/{hall}");
        await newSupervisor.GetJsonAsync($"/api/findings/{hall}", HttpStatusCode.NotFound);

        await (await _app.SignInAsync("admin")).PostJsonAsync("/api/org/import", new
        {
            zones = new[] { new { key = "z-canteen-hall", name = "一号食堂餐厅 Canteen 1 dining hall", unit = "dorm-a", member = "member-canteen" } },
        });

        // Seen by the new unit's supervisor, no longer by the old one's.
        await oldSupervisor.GetJsonAsync($"/api/findings/{hall}", HttpStatusCode.NotFound);
        Assert.DoesNotContain(hall, Ids(await oldSupervisor.GetJsonAsync("/api/findings")));
        Assert.Equal(new[] { dorm, hall }.Order(StringComparer.Ordinal), Ids(await newSupervisor.GetJsonAsync("/api/findings")).Order(StringComparer.Ordinal));

        // The owner's fix goes to the new unit's supervisor and the new unit's webhook.
        var owner = await _app.SignInAsync((await newSupervisor.GetJsonAsync($"/api/findings/{hall}")).GetProperty("owner").GetString()!);
        await owner.PostJsonAsync($"/api/findings/{hall}/fix", new { note = "已更换" });
        await DeliverySteps.AdvanceAsync(_app, "PT1M");
        Assert.Contains(_receiver.Requests, r => r.Path == "/dorm" && r.Headers["X-SafetyFlow-Event"] == "fix.submitted" && FindingOf(r) == hall);
        Assert.DoesNotContain(_receiver.Requests, r => r.Path == "/canteen" && r.Headers["X-SafetyFlow-Event"] == "fix.submitted");
        Assert.Contains(hall, await FindingsNotifiedAsync("sup-dorm", "fix.submitted"));
        Assert.DoesNotContain(hall, await FindingsNotifiedAsync("sup-canteen", "fix.submitted"));

        // The daily digest lists it for the new unit's supervisor; the old one has nothing open left.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<Digests>().SendDailyAsync(CancellationToken.None));
        }

        var digest = Assert.Single(await NotificationsAsync("sup-dorm", "digest.daily")).GetProperty("text").GetString()!;
        Assert.Contains(hall, digest, StringComparison.Ordinal);
        Assert.Contains(dorm, digest, StringComparison.Ordinal);
        Assert.Empty(await NotificationsAsync("sup-canteen", "digest.daily"));

        // Acted on by the new unit's supervisor only.
        // The old unit's supervisor no longer sees it, so is not told it exists.
        await oldSupervisor.PostJsonAsync($"/api/findings/{hall}/approve", new { }, HttpStatusCode.NotFound);
        var closed = await newSupervisor.PostJsonAsync($"/api/findings/{hall}/approve", new { note = "验收合格" });
        Assert.Equal("Closed", closed.GetProperty("state").GetString());

        // Reports and stars follow the zone, for the month before the move too.
        var office = await _app.SignInAsync("safety1");
        var byUnit = Assert.Single((await office.GetJsonAsync("/api/reports/closure?from=2026-11-01&to=2026-11-30&groupBy=unit")).EnumerateArray());
        Assert.Equal(("dorm-a", 2, 1), (byUnit.GetProperty("key").GetString(), byUnit.GetProperty("raised").GetInt32(), byUnit.GetProperty("closed").GetInt32()));
        office.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var csv = Encoding.UTF8.GetString(await office.GetByteArrayAsync("/api/reports/register?from=2026-11-01&to=2026-11-30&format=csv")).Split("\r\n");
        var header = csv[0].TrimStart('\uFEFF').Split(',');
        // The register names the unit, as people read it, not by its key.
        Assert.Equal("A栋宿舍 Dormitory A", csv.Single(l => l.Contains(hall, StringComparison.Ordinal)).Split(',')[Array.IndexOf(header, "Unit")]);

        Assert.Equal(["z-canteen-hall", "z-dorm-a"], await RatedZonesAsync(newSupervisor));
        Assert.Equal(["z-canteen-kitchen"], await RatedZonesAsync(oldSupervisor));
        Assert.Equal(HttpStatusCode.NotFound, (await oldSupervisor.GetAsync("/api/zones/z-canteen-hall/ratings")).StatusCode);
        Assert.Empty((await oldSupervisor.GetJsonAsync("/api/reports/closure?from=2026-11-01&to=2026-11-30")).EnumerateArray());
        Assert.Contains("z-canteen-hall", (await newSupervisor.GetJsonAsync("/api/reports/closure?from=2026-11-01&to=2026-11-30")).EnumerateArray().Select(r => r.GetProperty("key").GetString()));
    }

    private IReadOnlyList<string> FindingsPostedTo(string path) =>
        [.. _receiver.Requests.Where(r => r.Path == path).Select(FindingOf)];

    private static string FindingOf(ReceivedRequest request) => request.Json.GetProperty("finding").GetProperty("id").GetString()!;

    private static List<string> Ids(JsonElement list) => [.. list.EnumerateArray().Select(f => f.GetProperty("id").GetString()!)];

    private async Task<List<JsonElement>> NotificationsAsync(string userName, string kind) =>
        [.. (await (await _app.SignInAsync(userName)).GetJsonAsync("/api/notifications?mine=true&limit=1000")).EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == kind)];

    private async Task<List<string?>> FindingsNotifiedAsync(string userName, string kind) =>
        [.. (await NotificationsAsync(userName, kind)).Select(n => n.GetProperty("findingId").GetString())];

    private static async Task<string[]> RatedZonesAsync(HttpClient client) =>
        [.. (await client.GetJsonAsync("/api/zones/ratings?month=2026-11")).EnumerateArray().Select(r => r.GetProperty("zone").GetString()!).Order(StringComparer.Ordinal)];
}
