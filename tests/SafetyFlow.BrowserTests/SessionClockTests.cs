using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>Moving the simulation clock by days fires timers; nobody's browser is signed out by it.</summary>
public sealed class SessionClockTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_browser_stays_signed_in_when_the_clock_moves_two_days_and_then_fifteen()
    {
        var page = await app.SignInAsync("member-canteen", BrowserApp.Phone, "zh-CN");
        await page.GotoAsync("/inspections");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("本周检查");
        var week = await page.Locator("main p.muted").First.TextContentAsync();

        await Steps.AdvanceClockAsync(app, "P2D");
        await page.ReloadAsync();
        Assert.DoesNotContain("/login", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("本周检查");

        await Steps.AdvanceClockAsync(app, "P15D");
        await page.ReloadAsync();
        Assert.DoesNotContain("/login", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("本周检查");

        // The page follows the simulation: seventeen days on, it shows a later week.
        await Assertions.Expect(page.Locator("main p.muted").First).Not.ToHaveTextAsync(week!);

        // A form posted after the moves (anti-forgery and the sign-in cookie) is still accepted.
        await page.ClickAsync("button[name=culture][value=en]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("This week's inspections");
        Assert.DoesNotContain("/login", page.Url, StringComparison.Ordinal);
        await BrowserApp.ScreenshotAsync(page, "signed-in-after-clock-advance-phone", fullPage: false);
    }
}
