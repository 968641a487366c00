using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>The app showing one fix at a time in the supervisor's queue, so that a few fixes are more than it shows.</summary>
public sealed class OneFixShownApp() : BrowserAppWith("SafetyFlow:Review:Shown", "1");

/// <summary>
/// More fixes waiting than the queue shows: the supervisor sees the one due first, how many wait in all and a link to
/// them all, on a phone in Chinese and on a desktop in English.
/// </summary>
public sealed class ReviewQueuePageTests(OneFixShownApp app) : IClassFixture<OneFixShownApp>
{
    [Fact]
    public async Task The_queue_says_how_many_fixes_wait_beyond_those_it_shows_and_links_to_them_all()
    {
        var fixes = await Steps.RaiseAndFixAsync(app, "member-canteen", "z-canteen-kitchen", "weekly-extinguisher-check", assets: 2);
        Assert.Equal(2, fixes.Count);

        var phone = await app.SignInAsync("sup-canteen", BrowserApp.Phone, "zh-CN");
        await phone.GotoAsync("/review");
        await Assertions.Expect(phone.Locator("li.finding")).ToHaveCountAsync(1);
        var more = phone.Locator("p.more");
        await Assertions.Expect(more).ToHaveTextAsync("显示最早到期的 1 项，共 2 项。 查看全部");
        await Assertions.Expect(more).ToHaveAttributeAsync("data-waiting", "2");
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(phone));
        await BrowserApp.ScreenshotAsync(phone, "review-queue-more-phone-zh-CN");

        var desktop = await app.SignInAsync("sup-canteen", BrowserApp.Desktop, "en-US");
        await desktop.GotoAsync("/review");
        await Assertions.Expect(desktop.Locator("p.more")).ToHaveTextAsync("Showing the 1 due first of 2. See them all");
        await BrowserApp.ScreenshotAsync(desktop, "review-queue-more-desktop-en-US");

        await desktop.Locator("p.more a").ClickAsync();
        Assert.EndsWith("/findings?state=FixSubmitted&sort=due", desktop.Url, StringComparison.Ordinal);
        var listed = desktop.Locator("[data-finding]");
        await Assertions.Expect(listed.First).ToBeVisibleAsync();
        var ids = await listed.EvaluateAllAsync<string[]>("rows => [...new Set(rows.map(r => r.dataset.finding))]");
        Assert.Equal(fixes.Order(), ids.Order());
        await BrowserApp.ScreenshotAsync(desktop, "review-queue-all-fixes-desktop-en-US");
    }
}
