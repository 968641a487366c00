using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>The member's checklist on a phone: keyboard only, refused uploads, a dropped connection, the width of the page.</summary>
public sealed class ChecklistTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_checklist_can_be_filled_and_submitted_with_the_keyboard_alone()
    {
        var page = await app.SignInAsync("member-office", BrowserApp.Phone);
        await OpenChecklistAsync(page, "Office Building 2F", "extinguisher");
        await page.EvaluateAsync("() => document.activeElement && document.activeElement.blur()");

        // Tab through the form: Space answers each item with its first outcome (pass), digits go into readings, Enter submits.
        var answered = 0;
        for (var presses = 0; presses < 600; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focus = await page.EvaluateAsync<string>("() => { const e = document.activeElement; return e ? `${e.tagName}|${e.type || ''}|${e.className || ''}|${e.name || ''}` : ''; }");
            var parts = focus.Split('|');
            if (parts[0] == "INPUT" && parts[1] == "radio")
            {
                if (!await page.EvaluateAsync<bool>("() => [...document.getElementsByName(document.activeElement.name)].some(r => r.checked)"))
                {
                    await page.Keyboard.PressAsync("Space");
                    answered++;
                }
            }
            else if (parts[0] == "INPUT" && parts[1] == "text" && parts[3].EndsWith(".Value", StringComparison.Ordinal))
            {
                await page.Keyboard.TypeAsync("1.2");
            }
            else if (parts[0] == "BUTTON" && parts[1] == "submit" && parts[2].Contains("primary", StringComparison.Ordinal))
            {
                await page.Keyboard.PressAsync("Enter");
                break;
            }
        }

        Assert.True(answered > 10, $"only {answered} items were reached by Tab");
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("Inspection submitted: everything passed.");
        await Assertions.Expect(page.Locator(".results .badge.pass")).ToHaveCountAsync(await page.Locator(".results li").CountAsync());
        await BrowserApp.ScreenshotAsync(page, "member-submitted-phone");
    }

    [Fact]
    public async Task A_file_that_is_not_a_photo_is_refused_with_a_clear_message_and_the_answers_are_kept()
    {
        var page = await app.SignInAsync("member-dorm", BrowserApp.Phone);
        await OpenChecklistAsync(page, "Dormitory A", "hydrant");
        var first = page.Locator("fieldset.item").First;
        await first.Locator("label.outcome.fail").ClickAsync();
        await first.Locator("textarea").FillAsync("Hose cabinet door jammed.");

        // The browser's own check names the problem at once.
        await first.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "not a photo"u8.ToArray() });
        await Assertions.Expect(first.Locator(".photo-message")).ToContainTextAsync("Only JPEG or PNG photos are accepted.");

        // A file whose content is not an image, whatever its name says, is refused on the phone as it is drawn smaller
        // (the server checks again), and the answers are kept.
        await page.ClickAsync("button.mark-pass");
        await first.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "fake.png", MimeType = "image/png", Buffer = "GIF89a not really a png"u8.ToArray() });
        await Assertions.Expect(page.Locator("fieldset.item.has-error .item-error")).ToContainTextAsync("Only JPEG or PNG photos are accepted.");
        await Assertions.Expect(page.Locator("fieldset.item").First.Locator("textarea")).ToHaveValueAsync("Hose cabinet door jammed.");
        Assert.True(await page.Locator("fieldset.item").First.Locator("input[type=radio][value=fail]").IsCheckedAsync());
        await first.Locator(".photo-message").EvaluateAsync("e => e.scrollIntoView({ block: 'center' })");
        await BrowserApp.ScreenshotAsync(page, "member-photo-refused-phone", fullPage: false);
    }

    [Fact]
    public async Task When_the_connection_drops_while_submitting_the_form_says_so_and_keeps_every_answer()
    {
        var page = await app.SignInAsync("member-canteen", BrowserApp.Phone);
        await OpenChecklistAsync(page, "Canteen 1 dining hall", "hydrant");
        var first = page.Locator("fieldset.item").First;
        await first.Locator("label.outcome.fail").ClickAsync();
        await first.Locator("textarea").FillAsync("Glass panel cracked.");
        foreach (var reading in await page.Locator("input[inputmode=decimal]").AllAsync())
        {
            await reading.FillAsync("0.3");
        }

        await page.ClickAsync("button.mark-pass");

        // The phone keeps this page for use without a connection.
        await page.WaitForFunctionAsync("async () => (await navigator.serviceWorker.ready) && (await caches.match(location.pathname)) !== undefined");
        await page.Context.SetOfflineAsync(true);
        await page.ClickAsync("button[type=submit].primary");
        await Assertions.Expect(page.Locator(".network-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".network-error")).ToContainTextAsync("Everything you entered is kept");
        await Assertions.Expect(first.Locator("textarea")).ToHaveValueAsync("Glass panel cracked.");
        await BrowserApp.ScreenshotAsync(page, "member-offline-phone", fullPage: false);

        // Even a reload with no connection finds the answers again on the phone; once back online the checklist,
        // which waited on the phone, is sent by itself.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("fieldset.item").First.Locator("textarea")).ToHaveValueAsync("Glass panel cracked.");
        Assert.True(await page.Locator("fieldset.item").First.Locator("input[type=radio][value=fail]").IsCheckedAsync());
        await page.Context.SetOfflineAsync(false);
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("each failure is registered as a finding", new() { Timeout = 30_000 });
    }

    [Theory]
    [InlineData("member-canteen", "/inspections")]
    [InlineData("owner-fire", "/findings/mine")]
    [InlineData("sup-canteen", "/review")]
    [InlineData("safety1", "/office")]
    [InlineData("safety1", "/findings")]
    [InlineData("safety1", "/workflow")]
    [InlineData("admin", "/admin")]
    [InlineData("admin", "/admin/zones")]
    public async Task No_page_scrolls_sideways_on_a_360_pixel_phone(string userName, string path)
    {
        var page = await app.SignInAsync(userName, BrowserApp.Phone);
        await page.GotoAsync(path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 360, $"{path} is wider than 360 px");
        var small = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('main button, main .button, main a.cover, main summary, .nav a')].filter(e => e.offsetParent && e.getBoundingClientRect().height < 44).map(e => e.outerHTML.slice(0, 80))");
        Assert.Empty(small);
    }

    [Fact]
    public async Task On_a_phone_the_kitchen_items_are_asked_once_in_their_own_section_before_the_fridge_and_the_freezer()
    {
        var id = await Steps.InspectionIdAsync(app, "member-canteen", "z-canteen-kitchen", "weekly-food-safety-check");
        var page = await app.SignInAsync("member-canteen", BrowserApp.Phone);
        await page.GotoAsync($"/inspections/{id}");

        var sections = page.Locator("form.checklist section.asset");
        await Assertions.Expect(sections).ToHaveCountAsync(3);
        var zone = sections.First;
        await Assertions.Expect(zone).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bzone\b"));
        await Assertions.Expect(zone.Locator("h2")).ToContainTextAsync("The whole zone (once per visit)");
        await Assertions.Expect(zone.Locator("fieldset.item")).ToHaveCountAsync(13);
        await Assertions.Expect(page.Locator("section.zone")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("fieldset[data-item='health-certificates']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("fieldset[data-item='sample-retention']")).ToHaveCountAsync(1);
        await Assertions.Expect(zone.Locator("fieldset[data-asset]")).ToHaveCountAsync(0);
        await Assertions.Expect(sections.Nth(1).Locator("fieldset.item")).ToHaveCountAsync(1);
        await Assertions.Expect(sections.Nth(2).Locator("fieldset.item")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("fieldset.item")).ToHaveCountAsync(15);
        await BrowserApp.ScreenshotAsync(page, "member-food-check-zone-section-phone", fullPage: false);

        // The zone's all-pass answers its checks; the readings are filled; the progress counts each item once.
        await zone.Locator("button.asset-pass").ClickAsync();
        await ReadingSheet.FillWithinLimitsAsync(page);
        await page.ClickAsync("button.mark-pass");
        await Assertions.Expect(page.Locator(".progress")).ToContainTextAsync("15 of 15 answered");
        await page.ClickAsync("button[type=submit].primary");

        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("Inspection submitted: everything passed.");
        await Assertions.Expect(page.Locator("section.zone")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("section.zone .results li")).ToHaveCountAsync(13);
        await Assertions.Expect(page.Locator(".results li")).ToHaveCountAsync(15);
    }

    private static async Task OpenChecklistAsync(IPage page, string zone, string kind)
    {
        await page.GotoAsync("/inspections");
        await page.Locator("li.inspection", new() { HasText = zone }).Filter(new() { HasText = kind }).Locator("a.cover").First.ClickAsync();
        await Assertions.Expect(page.Locator("form.checklist")).ToBeVisibleAsync();
    }
}
