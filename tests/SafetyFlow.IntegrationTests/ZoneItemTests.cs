using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// Items asked once per zone visit and items asked of each asset: the canteen's food check is one pass over the kitchen
/// plus the readings of its fridge and freezer; a failed zone item goes to the zone's owner, or without one to the single
/// owner of the zone's assets of the checklist's type.
/// </summary>
public sealed class ZoneItemTests : IAsyncLifetime
{
    private const string Food = "weekly-food-safety-check";
    private const string Kitchen = "z-canteen-kitchen";

    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_canteen_food_check_asks_the_kitchen_items_once_and_the_readings_of_each_fridge_and_freezer()
    {
        var member = await _app.SignInAsync("member-canteen");
        var inspection = await OpenAsync(member, Food, Kitchen);
        var targets = inspection.GetProperty("targets").EnumerateArray().ToList();

        // The round made the zone's target first: its asset is null and it carries the zone's name.
        Assert.Equal(JsonValueKind.Null, targets[0].GetProperty("asset").ValueKind);
        Assert.Equal(inspection.GetProperty("zoneName").GetString(), targets[0].GetProperty("assetName").GetString());
        var zoneItems = ItemIds(targets[0]);
        Assert.Equal(13, zoneItems.Count);
        Assert.Contains("health-certificates", zoneItems);
        Assert.Contains("sample-retention", zoneItems);
        Assert.Contains("temperature-log", zoneItems);

        // Then only the cold stores, each with its own reading; the stoves, hood and dry store are asked nothing.
        Assert.Equal(["kit-ck-02", "kit-ck-06"], targets.Skip(1).Select(t => t.GetProperty("asset").GetString()));
        Assert.Equal(["freezer-temperature"], ItemIds(targets[1]));
        Assert.Equal(["fridge-temperature"], ItemIds(targets[2]));

        // 15 answers for the whole kitchen, where each of its 6 assets was asked all 15 items before (90).
        var results = new List<Dictionary<string, object?>>();
        foreach (var item in zoneItems)
        {
            // Zone items are sent without asset.
            results.Add(Answer(targets[0], item));
        }

        results.Add(new() { ["asset"] = "kit-ck-02", ["itemId"] = "freezer-temperature", ["value"] = -18.5m });
        results.Add(new() { ["asset"] = "kit-ck-06", ["itemId"] = "fridge-temperature", ["value"] = 4m });
        Assert.Equal(15, results.Count);
        var submitted = await member.PostJsonAsync($"/api/inspections/{inspection.GetProperty("id").GetString()}/submit", new { results });
        Assert.Empty(submitted.GetProperty("findings").EnumerateArray());

        var stored = await member.GetJsonAsync($"/api/inspections/{inspection.GetProperty("id").GetString()}");
        var answers = stored.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(15, answers.Count);
        Assert.Equal(13, answers.Count(a => a.GetProperty("asset").ValueKind == JsonValueKind.Null));
        Assert.Equal(-18.5m, answers.Single(a => a.GetProperty("itemId").GetString() == "freezer-temperature").GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task A_failed_zone_item_goes_to_the_single_owner_of_the_zones_kitchen_assets_and_shows_the_zone_where_the_asset_would_be()
    {
        var member = await _app.SignInAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(member, Food, Kitchen);

        // Sent with "asset": null.
        var submitted = await member.PostJsonAsync(
            $"/api/inspections/{checklist.Id}/submit", checklist.Fail(null, "health-certificates", "Two certificates expired.").Body());
        var findingId = Assert.Single(submitted.GetProperty("findings").EnumerateArray()).GetString();

        var owner = await _app.SignInAsync("owner-kitchen");
        var finding = await owner.GetJsonAsync($"/api/findings/{findingId}");
        Assert.Equal("owner-kitchen", finding.GetProperty("owner").GetString());
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("asset").ValueKind);
        Assert.Equal(Kitchen, finding.GetProperty("zone").GetString());
        Assert.Equal("major", finding.GetProperty("severity").GetString());
        var assigned = (await owner.GetJsonAsync("/api/notifications?mine=true")).EnumerateArray()
            .Single(n => n.GetProperty("kind").GetString() == "finding.assigned" && n.GetProperty("findingId").GetString() == findingId);
        Assert.Contains("Canteen 1 kitchen", assigned.GetProperty("text").GetString(), StringComparison.Ordinal);

        // Everything that shows a finding's asset shows the zone instead.
        var office = await _app.SignInAsync("safety1");
        var listed = (await office.GetJsonAsync($"/api/findings?zone={Kitchen}")).EnumerateArray().Single(f => f.GetProperty("id").GetString() == findingId);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("asset").ValueKind);
        var csv = await office.GetStringAsync("/api/reports/register?from=2026-11-01&to=2026-11-30&format=csv");
        var row = csv.Split('\n').Single(l => l.Contains(findingId!, StringComparison.OrdinalIgnoreCase));
        Assert.True(Regex.Count(row, Regex.Escape("Canteen 1 kitchen")) >= 2, row);
        foreach (var report in new[] { "/api/reports/register?from=2026-11-01&to=2026-11-30&format=xlsx", "/api/reports/monthly?month=2026-11&format=pdf", "/api/zones/ratings?month=2026-11" })
        {
            var response = await office.GetAsync(report);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{report}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var pages = await _app.SignInToPagesAsync("safety1");
        Assert.Matches("The whole zone|整个区域", await pages.PageAsync($"/findings/{findingId}"));
    }

    [Fact]
    public async Task A_failed_zone_item_goes_to_the_zones_owner_when_it_names_one_and_an_asset_item_still_to_the_assets_owner()
    {
        var admin = await _app.SignInAsync("admin");
        await admin.PostJsonAsync("/api/org/import", new
        {
            zones = new object[] { new { key = Kitchen, name = "一号食堂后厨 Canteen 1 kitchen", unit = "canteen-1", member = "member-canteen", owner = "owner-fire" } },
        });

        var member = await _app.SignInAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(member, "weekly-electrical-check", Kitchen);
        var board = checklist.Assets[0];
        var submitted = await member.PostJsonAsync(
            $"/api/inspections/{checklist.Id}/submit",
            checklist.Fail(null, "kitchen-earthing", "Socket by the sink has no cover.").Fail(board, "distribution-box", "Box left open.").Body());
        Assert.Equal(2, submitted.GetProperty("findings").GetArrayLength());

        var office = await _app.SignInAsync("safety1");
        var findings = new List<JsonElement>();
        foreach (var id in submitted.GetProperty("findings").EnumerateArray())
        {
            findings.Add(await office.GetJsonAsync($"/api/findings/{id.GetString()}"));
        }

        var zoneFinding = findings.Single(f => f.GetProperty("itemId").GetString() == "kitchen-earthing");
        Assert.Equal("owner-fire", zoneFinding.GetProperty("owner").GetString());
        Assert.Equal(JsonValueKind.Null, zoneFinding.GetProperty("asset").ValueKind);
        var assetFinding = findings.Single(f => f.GetProperty("itemId").GetString() == "distribution-box");
        Assert.Equal("owner-electric", assetFinding.GetProperty("owner").GetString());
        Assert.Equal(board, assetFinding.GetProperty("asset").GetString());
    }

    [Fact]
    public async Task An_import_that_leaves_a_zone_with_several_owners_of_a_checklists_assets_and_no_owner_is_refused_naming_the_zone()
    {
        var admin = await _app.SignInAsync("admin");
        var secondOwner = new { key = "elec-dorm-9", name = "Board D-9", type = "electrical", zone = "z-dorm-a", owner = "owner-fire" };

        // The zone in the document: its owner is asked for, with every other error of the document in the same answer.
        var refused = await admin.PostJsonAsync("/api/org/import", new
        {
            zones = new object[] { new { key = "z-dorm-a", name = "A栋宿舍楼 Dormitory A building", unit = "dorm-a", member = "member-dorm" } },
            assets = new object[] { secondOwner, new { key = "ext-x", name = "Extinguisher X", type = "extinguisher", zone = "z-nowhere", owner = "owner-fire" } },
        }, HttpStatusCode.BadRequest);
        var errors = refused.Errors();
        Assert.Contains("z-dorm-a", Assert.Single(errors["zones[0].owner"]), StringComparison.Ordinal);
        Assert.Contains("owner-electric, owner-fire", errors["zones[0].owner"][0], StringComparison.Ordinal);
        Assert.True(errors.ContainsKey("assets[1].zone"));

        // The zone not in the document: the asset row that brings it a second owner names it.
        var alone = await admin.PostJsonAsync("/api/org/import", new { assets = new object[] { secondOwner } }, HttpStatusCode.BadRequest);
        Assert.Contains("z-dorm-a", Assert.Single(alone.Errors()["assets[0].owner"]), StringComparison.Ordinal);

        using (var scope = _app.Services.CreateScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Assets.AnyAsync(a => a.Key == "elec-dorm-9"));
        }

        // Naming the zone's owner settles it.
        var stored = await admin.PostJsonAsync("/api/org/import", new
        {
            zones = new object[] { new { key = "z-dorm-a", name = "A栋宿舍楼 Dormitory A building", unit = "dorm-a", member = "member-dorm", owner = "owner-electric" } },
            assets = new object[] { secondOwner },
        });
        Assert.Equal(1, stored.GetProperty("assets").GetInt32());
    }

    [Fact]
    public async Task A_missing_zone_answer_or_an_answer_in_the_wrong_place_is_refused_naming_the_field()
    {
        var member = await _app.SignInAsync("member-canteen");
        var inspection = await OpenAsync(member, Food, Kitchen);
        var id = inspection.GetProperty("id").GetString();
        var rows = Checklist.Of(inspection).Rows();

        var withoutCertificates = rows.Where(r => (string?)r["itemId"] != "health-certificates").ToList();
        var missing = await member.PostJsonAsync($"/api/inspections/{id}/submit", new { results = withoutCertificates }, HttpStatusCode.BadRequest);
        Assert.Contains("(zone)/health-certificates", Assert.Single(missing.Errors()["results"]), StringComparison.Ordinal);

        // A zone item sent for an asset, and a fridge reading sent for the freezer.
        var misplaced = rows.Select(r => new Dictionary<string, object?>(r)).ToList();
        var certificates = misplaced.FindIndex(r => (string?)r["itemId"] == "health-certificates");
        misplaced[certificates]["asset"] = "kit-ck-06";
        var fridge = misplaced.FindIndex(r => (string?)r["itemId"] == "fridge-temperature");
        misplaced[fridge]["asset"] = "kit-ck-02";
        var refused = (await member.PostJsonAsync($"/api/inspections/{id}/submit", new { results = misplaced }, HttpStatusCode.BadRequest)).Errors();
        Assert.Contains("once per zone visit", Assert.Single(refused[$"results[{certificates}].asset"]), StringComparison.Ordinal);
        Assert.Contains("storage is fridge", Assert.Single(refused[$"results[{fridge}].asset"]), StringComparison.Ordinal);

        var stored = await member.GetJsonAsync($"/api/inspections/{id}");
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("submittedAt").ValueKind);
    }

    [Fact]
    public async Task An_inspection_pending_from_when_every_item_was_asked_per_asset_asks_the_zone_once_after_the_upgrade_and_a_submitted_one_keeps_its_answers()
    {
        var database = SafetyFlowApp.NewDatabase();
        string pending, submitted, oldWeek;
        int answered;
        await using (var before = new SafetyFlowApp(database, settings: new Dictionary<string, string?> { ["SafetyFlow:Workflows:Path"] = WorkflowsAskingEveryItemPerAsset() }))
        {
            var member = await before.SignInAsync("member-canteen");
            var food = await OpenAsync(member, Food, Kitchen);
            Assert.All(food.GetProperty("targets").EnumerateArray(), t => Assert.Equal(JsonValueKind.String, t.GetProperty("asset").ValueKind));
            Assert.Equal(6 * 15, food.GetProperty("targets").EnumerateArray().Sum(t => t.GetProperty("items").GetArrayLength()));
            pending = food.GetProperty("id").GetString()!;

            var electrical = await Checklist.OpenAsync(member, "weekly-electrical-check", Kitchen);
            await member.PostJsonAsync($"/api/inspections/{electrical.Id}/submit", electrical.Body());
            submitted = electrical.Id;
            answered = (await member.GetJsonAsync($"/api/inspections/{submitted}")).GetProperty("results").GetArrayLength();
            Assert.Equal(2 * 13, answered);

            // A round seven weeks back, never submitted: past the weeks a member still sees it, so it is left as made.
            var week = food.GetProperty("week").GetString()!;
            var monday = ISOWeek.ToDateTime(int.Parse(week[..4], CultureInfo.InvariantCulture), int.Parse(week[6..], CultureInfo.InvariantCulture), DayOfWeek.Monday).AddDays(-49);
            oldWeek = $"{ISOWeek.GetYear(monday)}-W{ISOWeek.GetWeekOfYear(monday):00}";
            var office = await before.SignInAsync("safety1");
            await office.PostJsonAsync("/api/rounds", new { week = oldWeek });
        }

        await using var after = new SafetyFlowApp(database);
        var memberAfter = await after.SignInAsync("member-canteen");

        var moved = await memberAfter.GetJsonAsync($"/api/inspections/{pending}");
        var targets = moved.GetProperty("targets").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, targets[0].GetProperty("asset").ValueKind);
        Assert.Equal(15, targets.Sum(t => t.GetProperty("items").GetArrayLength()));
        var checklist = Checklist.Of(moved);
        await memberAfter.PostJsonAsync($"/api/inspections/{pending}/submit", checklist.Body());

        // History is history: the submitted inspection shows every asset's answers as they were given.
        var kept = await memberAfter.GetJsonAsync($"/api/inspections/{submitted}");
        Assert.Equal(answered, kept.GetProperty("results").GetArrayLength());
        Assert.All(kept.GetProperty("results").EnumerateArray(), r => Assert.Equal(JsonValueKind.String, r.GetProperty("asset").ValueKind));
        Assert.All(kept.GetProperty("targets").EnumerateArray(), t => Assert.Equal(JsonValueKind.String, t.GetProperty("asset").ValueKind));

        // The inspection of seven weeks ago keeps the version it was made under: every item per asset.
        var old = (await memberAfter.GetJsonAsync($"/api/inspections?mine=true&week={oldWeek}")).EnumerateArray()
            .Single(i => i.GetProperty("workflowId").GetString() == Food);
        var oldTargets = (await memberAfter.GetJsonAsync($"/api/inspections/{old.GetProperty("id").GetString()}")).GetProperty("targets").EnumerateArray().ToList();
        Assert.All(oldTargets, t => Assert.Equal(JsonValueKind.String, t.GetProperty("asset").ValueKind));
        Assert.Equal(6 * 15, oldTargets.Sum(t => t.GetProperty("items").GetArrayLength()));

        // Both were sealed again as they were saved: the trail is intact.
        var admin = await after.SignInAsync("admin");
        Assert.True((await admin.GetJsonAsync("/api/audit/verify")).GetProperty("ok").GetBoolean());
    }

    /// <summary>The repository's definitions as they were before items could be asked once per zone.</summary>
    private static string WorkflowsAskingEveryItemPerAsset()
    {
        var folder = RepoFolders.CopyOfWorkflows();
        foreach (var file in Directory.GetFiles(folder, "weekly-*.yaml"))
        {
            var text = File.ReadAllText(file);
            text = Regex.Replace(text, @"^    per: (zone|asset)\n", "", RegexOptions.Multiline);
            text = Regex.Replace(text, @"^    appliesTo:\n      attribute: .*\n      values: .*\n", "", RegexOptions.Multiline);
            File.WriteAllText(file, text);
        }

        return folder;
    }

    private static async Task<JsonElement> OpenAsync(HttpClient member, string workflowId, string zone)
    {
        var list = await member.GetJsonAsync("/api/inspections?mine=true&status=due");
        var summary = list.EnumerateArray().Single(i => i.GetProperty("workflowId").GetString() == workflowId && i.GetProperty("zone").GetString() == zone);
        return await member.GetJsonAsync($"/api/inspections/{summary.GetProperty("id").GetString()}");
    }

    private static List<string> ItemIds(JsonElement target) =>
        [.. target.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!)];

    private static Dictionary<string, object?> Answer(JsonElement target, string itemId)
    {
        var item = target.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("itemId").GetString() == itemId);
        if (item.GetProperty("kind").GetString() == "check")
        {
            return new() { ["itemId"] = itemId, ["outcome"] = "pass" };
        }

        // Readings asked once per zone: the core and hot-holding temperatures, both with a lower limit only.
        return new() { ["itemId"] = itemId, ["value"] = item.GetProperty("min").GetDecimal() + 5 };
    }
}
