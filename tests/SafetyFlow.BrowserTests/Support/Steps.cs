using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace SafetyFlow.BrowserTests.Support;

/// <summary>Steps several tests share: a member raising a finding on the phone, the admin moving the simulation clock.</summary>
public static class Steps
{
    /// <summary>member-canteen fails "in place" of the kitchen's first extinguisher; everything else passes.</summary>
    public static async Task RaiseKitchenFindingAsync(BrowserApp app, string note = "Extinguisher missing from its bracket.")
    {
        ArgumentNullException.ThrowIfNull(app);
        var member = await app.SignInAsync("member-canteen", BrowserApp.Phone);
        await member.GotoAsync("/inspections");
        await member.Locator("li.inspection", new() { HasText = "Canteen 1 kitchen" }).Filter(new() { HasText = "extinguisher" }).Locator("a.cover").ClickAsync();
        var inPlace = member.Locator("fieldset[data-asset='ext-ck-01'][data-item='in-place']");
        await inPlace.Locator("label.outcome.fail").ClickAsync();
        await inPlace.Locator("textarea").FillAsync(note);
        foreach (var asset in new[] { "ext-ck-01", "ext-ck-02", "ext-ck-03" })
        {
            await member.Locator($"fieldset[data-asset='{asset}'][data-item='gauge-pressure'] input[inputmode=decimal]").FillAsync("1.2");
        }

        await member.ClickAsync("button.mark-pass");
        await member.ClickAsync("button[type=submit].primary");
        await Assertions.Expect(member.Locator(".flash")).ToContainTextAsync("each failure is registered as a finding");
        await member.Context.CloseAsync();
    }

    /// <summary>Moves the simulation clock through the admin API; due steps fire and the outbox is drained before it answers.</summary>
    public static async Task AdvanceClockAsync(BrowserApp app, string by)
    {
        using var client = await ApiAsync(app, "admin");
        (await client.PostAsJsonAsync("/api/admin/clock", new { advanceBy = by })).EnsureSuccessStatusCode();
    }

    /// <summary>An API client with a bearer token for the given person, to read back what the pages stored.</summary>
    public static async Task<HttpClient> ApiAsync(BrowserApp app, string userName)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = BrowserApp.Password });
        token.EnsureSuccessStatusCode();
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>
    /// The member submits the zone's due checklist through the API with "in place" failing on its first
    /// <paramref name="assets"/> assets and everything else passing; each finding's owner then reports it fixed, so that
    /// the zone's supervisor has that many fixes to accept. Returns the findings' ids.
    /// </summary>
    public static async Task<List<string>> RaiseAndFixAsync(BrowserApp app, string member, string zone, string workflowId, int assets)
    {
        using var client = await ApiAsync(app, member);
        var inspection = await client.GetFromJsonAsync<JsonElement>($"/api/inspections/{await InspectionIdAsync(app, member, zone, workflowId)}");
        var results = new List<Dictionary<string, object?>>();
        var failed = 0;
        foreach (var target in inspection.GetProperty("targets").EnumerateArray())
        {
            var asset = target.GetProperty("asset").GetString();
            var fails = asset is not null && failed++ < assets;
            foreach (var item in target.GetProperty("items").EnumerateArray())
            {
                var itemId = item.GetProperty("itemId").GetString()!;
                var row = new Dictionary<string, object?> { ["asset"] = asset, ["itemId"] = itemId };
                if (fails && itemId == "in-place")
                {
                    row["outcome"] = "fail";
                    row["note"] = "不在原位 / not in place";
                }
                else if (item.GetProperty("kind").GetString() == "reading")
                {
                    row["value"] = (item.GetProperty("min").GetDecimal() + item.GetProperty("max").GetDecimal()) / 2;
                }
                else
                {
                    row["outcome"] = "pass";
                }

                results.Add(row);
            }
        }

        var submitted = await client.PostAsJsonAsync($"/api/inspections/{inspection.GetProperty("id").GetString()}/submit", new { results });
        submitted.EnsureSuccessStatusCode();
        var findings = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("findings").EnumerateArray().Select(f => f.GetString()!).ToList();
        foreach (var id in findings)
        {
            var finding = await client.GetFromJsonAsync<JsonElement>($"/api/findings/{id}");
            using var owner = await ApiAsync(app, finding.GetProperty("owner").GetString()!);
            (await owner.PostAsJsonAsync($"/api/findings/{id}/fix", new { note = "已放回原位 / back in place" })).EnsureSuccessStatusCode();
        }

        return findings;
    }

    /// <summary>The id of this week's inspection of a zone against a checklist, as its member sees it.</summary>
    public static async Task<string> InspectionIdAsync(BrowserApp app, string member, string zone, string workflowId)
    {
        using var client = await ApiAsync(app, member);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/inspections?mine=true");
        return list.EnumerateArray()
            .Single(i => i.GetProperty("zone").GetString() == zone && i.GetProperty("workflowId").GetString() == workflowId)
            .GetProperty("id").GetString()!;
    }
}
