using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;

namespace SafetyFlow.IntegrationTests.Admin;

/// <summary>Admins edit units, zones (with their owner) and assets through the API and /admin/zones.</summary>
public sealed class OrgEditingTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());
    private HttpClient _admin = null!;

    public async Task InitializeAsync() => _admin = await _app.SignInAsync("admin");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_unit_zone_and_asset_are_edited_and_the_zones_page_shows_them()
    {
        var unit = await (await _admin.PutAsJsonAsync("/api/org/units/dorm-a", new { name = "A栋宿舍（新）", parent = "canteen-1" })).ReadJsonAsync();
        Assert.Equal("canteen-1", unit.GetProperty("parent").GetString());

        var zone = await (await _admin.PutAsJsonAsync("/api/org/zones/z-dorm-a", new { name = "A栋宿舍楼", unit = "dorm-a", member = "member-office", owner = "owner-electric" })).ReadJsonAsync();
        Assert.Equal(("member-office", "owner-electric"), (zone.GetProperty("member").GetString(), zone.GetProperty("owner").GetString()));

        var asset = await (await _admin.PutAsJsonAsync("/api/org/assets/elec-dorm-01", new { name = "配电箱 1", type = "electrical", zone = "z-office-2f", owner = "owner-electric" })).ReadJsonAsync();
        Assert.Equal("z-office-2f", asset.GetProperty("zone").GetString());

        var page = await (await _app.SignInToPagesAsync("admin", language: "en")).PageAsync("/admin/zones");
        Assert.Contains("A栋宿舍（新）", page);
        Assert.Contains("Zone owner: ", page);
        Assert.Matches("id=\"zone-z-office-2f\"[\\s\\S]*配电箱 1", page);

        // The zone's new member inspects it from the next round.
        await _admin.PostJsonAsync("/api/rounds", new { week = "2026-W48" });
        var inspections = await (await _app.SignInAsync("member-office")).GetJsonAsync("/api/inspections");
        Assert.Contains(inspections.EnumerateArray(), i => i.GetProperty("zone").GetString() == "z-dorm-a");
    }

    [Fact]
    public async Task Bad_input_is_refused_with_400_naming_each_field()
    {
        var cycle = (await (await _admin.PutAsJsonAsync("/api/org/units/svc", new { name = "svc", parent = "canteen-1" })).ReadJsonAsync(HttpStatusCode.BadRequest)).Errors();
        Assert.Contains("ancestor", cycle["parent"][0]);
        var blank = (await (await _admin.PutAsJsonAsync("/api/org/units/svc", new { name = "" })).ReadJsonAsync(HttpStatusCode.BadRequest)).Errors();
        Assert.Contains("name", blank.Keys);

        var zone = (await (await _admin.PutAsJsonAsync("/api/org/zones/z-dorm-a", new { name = "x", unit = "u-9", member = "owner-fire", owner = "member-dorm" })).ReadJsonAsync(HttpStatusCode.BadRequest)).Errors();
        Assert.Equal(["member", "owner", "unit"], zone.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Member role", zone["member"][0]);
        Assert.Contains("Owner role", zone["owner"][0]);

        var asset = (await (await _admin.PutAsJsonAsync("/api/org/assets/ext-ck-01", new { name = "x", type = "boiler", zone = "z-canteen-kitchen", owner = "owner-fire" })).ReadJsonAsync(HttpStatusCode.BadRequest)).Errors();
        Assert.Equal(["type"], asset.Keys);
        var where = (await (await _admin.PutAsJsonAsync("/api/org/assets/ext-ck-01", new { name = "x", type = "extinguisher", zone = "z-9", owner = "nobody" })).ReadJsonAsync(HttpStatusCode.BadRequest)).Errors();
        Assert.Equal(["owner", "zone"], where.Keys.Order(StringComparer.Ordinal));
        await (await _admin.PutAsJsonAsync("/api/org/assets/nothing", new { name = "x", type = "extinguisher", zone = "z-canteen-kitchen", owner = "owner-fire" })).ReadJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_zone_without_an_owner_keeps_one_owner_of_its_electrical_assets_whose_checklist_asks_items_once_per_zone()
    {
        // z-office-2f has no zone owner and its boards are owner-electric's: a board of another owner would leave the
        // items asked once per visit without one owner.
        var refused = (await (await _admin.PutAsJsonAsync("/api/org/assets/elec-dorm-01", new { name = "配电箱 1", type = "electrical", zone = "z-office-2f", owner = "owner-fire" }))
            .ReadJsonAsync(HttpStatusCode.BadRequest)).Errors();
        var message = Assert.Single(refused["owner"]);
        Assert.Contains("Zone 'z-office-2f' has Electrical assets of several owners (owner-electric, owner-fire)", message);

        // Naming the zone's owner first lets the board move; clearing that owner again is refused, on the page in Chinese.
        await (await _admin.PutAsJsonAsync("/api/org/zones/z-office-2f", new { name = "办公楼二层", unit = "office", member = "member-office", owner = "owner-electric" })).ReadJsonAsync();
        await (await _admin.PutAsJsonAsync("/api/org/assets/elec-dorm-01", new { name = "配电箱 1", type = "electrical", zone = "z-office-2f", owner = "owner-fire" })).ReadJsonAsync();
        var pages = await _app.SignInToPagesAsync("admin", language: "zh-CN");
        var page = await pages.PostAsync("/admin/zones?handler=Zone&key=z-office-2f", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await pages.AntiForgeryTokenAsync("/admin/zones"), ["name"] = "办公楼二层", ["unit"] = "office", ["member"] = "member-office", ["owner"] = "",
        }));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("区域 z-office-2f 的电气设施有多个负责人（owner-electric, owner-fire）", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));

        // Nothing was saved: the zone keeps its owner, so a third owner of a board is still accepted.
        await (await _admin.PutAsJsonAsync("/api/org/assets/elec-dorm-01", new { name = "配电箱 1", type = "electrical", zone = "z-office-2f", owner = "owner-kitchen" })).ReadJsonAsync();
    }

    [Fact]
    public async Task A_refused_zone_form_comes_back_as_typed_with_its_errors_at_their_fields()
    {
        var pages = await _app.SignInToPagesAsync("admin", language: "zh-CN");
        var token = await pages.AntiForgeryTokenAsync("/admin/zones");
        var refused = await pages.PostAsync("/admin/zones?handler=Zone&key=z-dorm-a", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["name"] = "新名字", ["unit"] = "dorm-a", ["member"] = "", ["owner"] = "owner-kitchen",
        }));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("value=\"新名字\"", html);
        Assert.Contains("请选择一位在用且有“检查责任人”角色的人员。", html);
        Assert.Matches("name=\"owner\" list=\"owners\"[^>]*value=\"owner-kitchen\"", html);

        var saved = await pages.PostAsync("/admin/zones?handler=Zone&key=z-dorm-a", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["name"] = "新名字", ["unit"] = "dorm-a", ["member"] = "member-dorm", ["owner"] = "owner-kitchen",
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("区域 z-dorm-a 已保存。", await pages.PageAsync("/admin/zones"));
    }

    [Fact]
    public async Task A_groups_zones_come_twenty_at_a_time_by_unit_with_one_list_of_each_choice_for_every_form()
    {
        // 45 more zones in one unit, each with an extinguisher: a page of every zone with every choice in every form
        // grew with zones times assets (a million-finding group's held 106 million options).
        await _admin.PostJsonAsync("/api/org/import", new
        {
            zones = Enumerable.Range(1, 45).Select(i => new { key = $"z-block-{i:D2}", name = $"Block {i:D2}", unit = "dorm-a", member = "member-dorm" }).ToArray(),
            assets = Enumerable.Range(1, 45).Select(i => new { key = $"ext-block-{i:D2}", name = $"Extinguisher B-{i:D2}", type = "extinguisher", zone = $"z-block-{i:D2}", owner = "owner-fire" }).ToArray(),
        });
        var pages = await _app.SignInToPagesAsync("admin", language: "en");
        int total;
        using (var scope = _app.Services.CreateScope())
        {
            total = await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Zones.CountAsync();
        }

        var first = await pages.PageAsync("/admin/zones");
        Assert.Equal(20, PageClients.AttributeValues(first, "data-zone").Count);
        Assert.Contains($"Zones 1–20 of {total}", first, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(first, "<datalist id=\"zone-keys\">"));
        Assert.Equal(total, Regex.Matches(first, "<datalist id=\"zone-keys\">[\\s\\S]*?</datalist>").Single().Value.Split("<option").Length - 1);
        Assert.DoesNotContain("<select name=\"zone\"", first, StringComparison.Ordinal);
        Assert.DoesNotContain("<select name=\"member\"", first, StringComparison.Ordinal);

        // Every zone is on one of the pages, once.
        var seen = new List<string>();
        for (var page = 1; page <= (total + 19) / 20; page++)
        {
            seen.AddRange(PageClients.AttributeValues(await pages.PageAsync($"/admin/zones?page={page}"), "data-zone"));
        }

        Assert.Equal(total, seen.Distinct().Count());
        Assert.Equal(total, seen.Count);

        // One unit's zones, and after saving a zone its own card.
        var dorm = await pages.PageAsync("/admin/zones?unit=dorm-a&page=3");
        Assert.Contains("Zones 41–46 of 46", dorm, StringComparison.Ordinal);
        var saved = await pages.PostAsync("/admin/zones?handler=Zone&key=z-block-07", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await pages.AntiForgeryTokenAsync("/admin/zones"), ["name"] = "Block 7", ["unit"] = "dorm-a", ["member"] = "member-dorm", ["owner"] = "",
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/admin/zones?zone=z-block-07", saved.Headers.Location!.OriginalString.Split('#')[0]);
        var card = await pages.PageAsync(saved.Headers.Location.OriginalString.Split('#')[0]);
        Assert.Equal(["z-block-07"], PageClients.AttributeValues(card, "data-zone"));
        Assert.Contains("Zone z-block-07 is saved.", card, StringComparison.Ordinal);
    }
}
