using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;
using SkiaSharp;

namespace SafetyFlow.BrowserTests;

/// <summary>
/// The member's phone without a connection: checklists open and reload offline, answers and photos stay on the phone,
/// a checklist finished offline is sent once when the connection returns, and a refusal loses nothing.
/// </summary>
public sealed class OfflineTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData("phone", "zh-CN", "member-canteen", "z-canteen-kitchen")]
    [InlineData("desktop", "en-US", "member-office", "z-office-2f")]

    public async Task A_checklist_filled_and_submitted_offline_survives_a_reload_and_is_sent_exactly_once_when_the_connection_returns(
        string size, string locale, string member, string zone)
    {
        var id = await Steps.InspectionIdAsync(app, member, zone, "weekly-extinguisher-check");
        var page = await app.SignInAsync(member, size == "phone" ? BrowserApp.Phone : BrowserApp.Desktop, locale);
        await OpenWhileOnlineAsync(page, id);
        var total = await page.Locator("fieldset.item").CountAsync();
        await Assertions.Expect(page.Locator(".progress")).ToContainTextAsync(locale == "zh-CN" ? $"已填 0 / {total}" : $"0 of {total} answered");

        // The signal drops; the member goes on.
        await page.Context.SetOfflineAsync(true);
        await Assertions.Expect(page.Locator(".sync-status")).ToHaveAttributeAsync("data-state", "offline");
        var inPlace = page.Locator("fieldset[data-item='in-place']").First;
        await inPlace.Locator("label.outcome.fail").ClickAsync();
        await inPlace.Locator("textarea").FillAsync("Bracket empty.");
        await inPlace.Locator("input[type=file]").SetInputFilesAsync(
        [
            new FilePayload { Name = "bracket.png", MimeType = "image/png", Buffer = Images.Png(SKColors.OrangeRed, 2400) },
            new FilePayload { Name = "wall.png", MimeType = "image/png", Buffer = Images.Png(SKColors.SteelBlue, 200) },
        ]);
        await Assertions.Expect(inPlace.Locator(".kept-photo img")).ToHaveCountAsync(2);
        await page.Locator("button.mark-pass").ClickAsync();

        // Enter in a reading goes on to the next reading, never submits.
        var readings = page.Locator("input[inputmode=decimal]");
        var count = await readings.CountAsync();
        for (var i = 0; i < count; i++)
        {
            await readings.Nth(i).FillAsync("1.2");
            await readings.Nth(i).PressAsync("Enter");
            if (i + 1 < count)
            {
                Assert.True(await readings.Nth(i + 1).EvaluateAsync<bool>("e => e === document.activeElement"), $"Enter in reading {i} did not move on");
            }
        }

        await Assertions.Expect(page.Locator("form.checklist")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".progress")).ToContainTextAsync(locale == "zh-CN" ? $"已填 {total} / {total}" : $"{total} of {total} answered");

        // Reloaded with no connection: the page comes from the phone, with every answer and photo.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("form.checklist[data-ready]")).ToBeAttachedAsync();
        inPlace = page.Locator("fieldset[data-item='in-place']").First;
        await Assertions.Expect(inPlace.Locator("textarea")).ToHaveValueAsync("Bracket empty.");
        await Assertions.Expect(inPlace.Locator("input[type=radio][value=fail]")).ToBeCheckedAsync();
        await Assertions.Expect(inPlace.Locator(".kept-photo img")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("input[inputmode=decimal]").Last).ToHaveValueAsync("1.2");

        // Submitted offline: it waits on the phone, and the server has nothing yet.
        await page.ClickAsync("button[type=submit].primary");
        await Assertions.Expect(page.Locator(".network-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".sync-status")).ToHaveAttributeAsync("data-state", "waiting");
        await Assertions.Expect(page.Locator(".sync-status")).ToContainTextAsync(locale == "zh-CN" ? "1 份检查等待发送" : "1 waiting to send");
        await page.Locator(".sync-status").ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(page, $"offline-waiting-{size}-{locale}", fullPage: false);
        Assert.Equal("due", await StatusAsync(member, id));

        // A reload while it waits still shows it waiting, and the answers.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".sync-status")).ToContainTextAsync(locale == "zh-CN" ? "1 份检查等待发送" : "1 waiting to send");
        await Assertions.Expect(page.Locator("fieldset[data-item='in-place']").First.Locator("textarea")).ToHaveValueAsync("Bracket empty.");

        // The connection returns: it is sent by itself, once, with its photos.
        await page.Context.SetOfflineAsync(false);
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync(locale == "zh-CN" ? "不合格项已登记为隐患" : "each failure is registered as a finding", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".results img.thumb")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await BrowserApp.ScreenshotAsync(page, $"offline-sent-{size}-{locale}", fullPage: false);
        Assert.Single(await FindingsOfAsync(zone, id));

        // The phone sent the time the member finished on the server's clock: the phone's own clock is days ahead of the
        // simulation clock, and the difference it learned while online put it right (a time days ahead would be refused).
        using (var api = await Steps.ApiAsync(app, member))
        {
            var sent = await api.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}");
            var completedAt = sent.GetProperty("completedAt").GetDateTimeOffset();
            var submittedAt = sent.GetProperty("submittedAt").GetDateTimeOffset();
            Assert.True(DateTimeOffset.UtcNow - submittedAt > TimeSpan.FromDays(1), "The phone's clock is days ahead of the server's");
            Assert.InRange(completedAt, submittedAt.AddMinutes(-1), submittedAt);
        }

        // Sending again (another reload, the outbox's next round) raises nothing new.
        await page.ReloadAsync();
        await page.EvaluateAsync("() => new Promise(r => setTimeout(r, 1000))");
        Assert.Single(await FindingsOfAsync(zone, id));
        Assert.Equal(0, await page.EvaluateAsync<int>(
            "() => new Promise(r => { const q = indexedDB.open('safetyflow'); q.onsuccess = () => { const g = q.result.transaction('photos').objectStore('photos').count(); g.onsuccess = () => r(g.result); }; })"));
    }

    [Fact]
    public async Task A_submission_refused_because_someone_else_submitted_keeps_every_answer_and_photo_and_says_what_to_do()
    {
        var id = await Steps.InspectionIdAsync(app, "member-dorm", "z-dorm-a", "weekly-hydrant-check");
        var page = await app.SignInAsync("member-dorm", BrowserApp.Phone);
        await OpenWhileOnlineAsync(page, id);
        var first = page.Locator("fieldset.item").First;
        await first.Locator("label.outcome.fail").ClickAsync();
        await first.Locator("textarea").FillAsync("Hose cabinet door jammed.");
        await first.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "door.png", MimeType = "image/png", Buffer = Images.Png(SKColors.Gold, 300) });
        await Assertions.Expect(first.Locator(".kept-photo img")).ToHaveCountAsync(1);
        foreach (var reading in await page.Locator("input[inputmode=decimal]").AllAsync())
        {
            await reading.FillAsync("0.3");
        }

        await page.ClickAsync("button.mark-pass");
        await page.Context.SetOfflineAsync(true);
        await page.ClickAsync("button[type=submit].primary");
        await Assertions.Expect(page.Locator(".sync-status")).ToHaveAttributeAsync("data-state", "waiting");

        // Meanwhile the inspection is submitted from elsewhere (another phone of the same member).
        using (var api = await Steps.ApiAsync(app, "member-dorm"))
        {
            var inspection = await api.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}");
            var results = inspection.GetProperty("targets").EnumerateArray()
                .SelectMany(t => t.GetProperty("items").EnumerateArray().Select(i => new { asset = t.GetProperty("asset").GetString(), itemId = i.GetProperty("itemId").GetString(), outcome = "na" }))
                .ToList();
            var response = await api.PostAsJsonAsync($"/api/inspections/{id}/submit", new { results });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await page.Context.SetOfflineAsync(false);
        var status = page.Locator(".sync-status");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-state", "refused", new() { Timeout = 30_000 });
        await Assertions.Expect(status).ToContainTextAsync("someone else has already submitted this inspection");
        await Assertions.Expect(status).ToContainTextAsync("still kept on this phone");
        await Assertions.Expect(page.Locator("p.form-error")).ToHaveTextAsync("This inspection has already been submitted.");
        await Assertions.Expect(first.Locator("textarea")).ToHaveValueAsync("Hose cabinet door jammed.");
        await Assertions.Expect(first.Locator("input[type=radio][value=fail]")).ToBeCheckedAsync();
        await Assertions.Expect(first.Locator(".kept-photo img")).ToHaveCountAsync(1);
        Assert.Equal(1, await page.EvaluateAsync<int>(
            "() => new Promise(r => { const q = indexedDB.open('safetyflow'); q.onsuccess = () => { const g = q.result.transaction('photos').objectStore('photos').count(); g.onsuccess = () => r(g.result); }; })"));
        await status.ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(page, "offline-refused-phone", fullPage: false);
        await first.Locator(".photos").ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(page, "offline-refused-photos-phone", fullPage: false);

        // The findings are those of the other submission only: nothing was raised from this phone.
        Assert.Empty(await FindingsOfAsync("z-dorm-a", id));
    }

    [Fact]
    public async Task Progress_the_next_unanswered_item_and_all_pass_per_asset_leave_readings_to_the_member()
    {
        var id = await Steps.InspectionIdAsync(app, "member-canteen", "z-canteen-hall", "weekly-extinguisher-check");
        var page = await app.SignInAsync("member-canteen", BrowserApp.Phone, "zh-CN");
        await OpenWhileOnlineAsync(page, id);
        var total = await page.Locator("fieldset.item").CountAsync();
        var firstAsset = page.Locator("section.asset").First;
        var perAsset = await firstAsset.Locator("fieldset.item").CountAsync();

        await firstAsset.Locator("button.asset-pass").ClickAsync();
        await Assertions.Expect(page.Locator(".progress")).ToContainTextAsync($"已填 {perAsset - 1} / {total}");
        await Assertions.Expect(firstAsset.Locator(".asset-note")).ToHaveTextAsync("读数项仍需填写数值。");
        var reading = firstAsset.Locator("input[inputmode=decimal]");
        Assert.True(await reading.EvaluateAsync<bool>("e => e === document.activeElement"), "all pass did not go to the reading");
        await Assertions.Expect(reading).ToHaveValueAsync("");
        await BrowserApp.ScreenshotAsync(page, "checklist-progress-phone-zh-CN", fullPage: false);

        // Enter in the reading does not submit; the next unanswered item is found from there.
        await reading.FillAsync("1,2");
        await reading.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".progress")).ToContainTextAsync($"已填 {perAsset} / {total}");
        await Assertions.Expect(page.Locator("form.checklist")).ToBeVisibleAsync();
        Assert.Equal("due", await StatusAsync("member-canteen", id));
        await page.ClickAsync("button.next-unanswered");
        var focused = await page.EvaluateAsync<string>("() => document.activeElement.closest('fieldset.item').dataset.asset");
        Assert.NotEqual(await firstAsset.Locator("fieldset.item").First.GetAttributeAsync("data-asset"), focused);

        // A general defect fixed on the spot is sent as such.
        var inPlace = page.Locator($"fieldset[data-asset='{focused}'][data-item='in-place']");
        await inPlace.Locator("label.outcome.fail").ClickAsync();
        await inPlace.Locator(".fixed-on-spot input").CheckAsync();
        await page.ClickAsync("button.mark-pass");
        foreach (var empty in await page.Locator("input[inputmode=decimal]").AllAsync())
        {
            if (await empty.InputValueAsync() == "")
            {
                await empty.FillAsync("1.2");
            }
        }

        await Assertions.Expect(page.Locator(".progress")).ToContainTextAsync("全部已填写");
        await Assertions.Expect(page.Locator("button.next-unanswered")).ToBeHiddenAsync();
        await page.ClickAsync("button[type=submit].primary");
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("不合格项已登记为隐患");
        var finding = Assert.Single(await FindingsOfAsync("z-canteen-hall", id));
        Assert.Equal("in-place", finding.GetProperty("itemId").GetString());
        Assert.Equal(focused, finding.GetProperty("asset").GetString());
        Assert.Equal("FixSubmitted", finding.GetProperty("state").GetString());
    }

    /// <summary>Opens this week's list (which keeps its checklists on the phone) and then the checklist, online.</summary>
    private static async Task OpenWhileOnlineAsync(IPage page, string id)
    {
        await page.GotoAsync("/inspections");
        await page.WaitForFunctionAsync(
            "async id => (await navigator.serviceWorker.ready) && (await caches.match('/inspections/' + id)) !== undefined", id, new() { Timeout = 30_000 });
        await page.GotoAsync($"/inspections/{id}");
        await Assertions.Expect(page.Locator("form.checklist[data-ready]")).ToBeAttachedAsync();
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");
    }

    private async Task<string> StatusAsync(string member, string id)
    {
        using var api = await Steps.ApiAsync(app, member);
        return (await api.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}")).GetProperty("status").GetString()!;
    }

    private async Task<List<JsonElement>> FindingsOfAsync(string zone, string inspectionId)
    {
        using var office = await Steps.ApiAsync(app, "safety1");
        var findings = await office.GetFromJsonAsync<JsonElement>($"/api/findings?zone={zone}&limit=1000");
        return findings.EnumerateArray().Where(f => f.GetProperty("inspectionId").GetString() == inspectionId).ToList();
    }
}
