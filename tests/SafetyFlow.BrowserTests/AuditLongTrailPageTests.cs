using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>The app treating every trail as too long to check from the start as the audit page opens.</summary>
public sealed class LongTrailApp() : BrowserAppWith("SafetyFlow:Audit:PageCheckRecords", "0");

/// <summary>
/// A long trail with no checkpoint found intact: the audit page says so and runs the full check in the background when
/// asked, on a phone in Chinese and on a desktop in English.
/// </summary>
public sealed class AuditLongTrailPageTests(LongTrailApp app) : IClassFixture<LongTrailApp>
{
    [Fact]
    public async Task The_audit_page_runs_the_full_check_in_the_background_and_then_shows_the_trail_intact()
    {
        await Steps.RaiseKitchenFindingAsync(app);

        var phone = await app.SignInAsync("admin", BrowserApp.Phone, "zh-CN");
        await phone.GotoAsync("/admin/audit");
        await Assertions.Expect(phone.Locator(".trail.deferred .trail-last")).ToHaveTextAsync("尚未进行过完整检查。");
        await Assertions.Expect(phone.Locator("button.run-full")).ToHaveTextAsync("在后台完整检查");
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(phone));
        await BrowserApp.ScreenshotAsync(phone, "audit-long-trail-phone-zh-CN");

        var desktop = await app.SignInAsync("admin", BrowserApp.Desktop, "en-US");
        await desktop.GotoAsync("/admin/audit");
        await desktop.Locator("button.run-full").ClickAsync();
        await Assertions.Expect(desktop.Locator(".trail-status, .full-requested")).ToBeVisibleAsync();
        if (await desktop.Locator(".full-requested").CountAsync() > 0)
        {
            await BrowserApp.ScreenshotAsync(desktop, "audit-full-check-running-desktop-en-US");
        }

        // Once the background check has verified a checkpoint, the page resumes from it as it opens.
        for (var tries = 0; await desktop.Locator(".trail-status").CountAsync() == 0 && tries < 60; tries++)
        {
            await Task.Delay(500);
            await desktop.ReloadAsync();
        }

        await Assertions.Expect(desktop.Locator(".trail-status")).ToContainTextAsync("The trail is intact");
        await BrowserApp.ScreenshotAsync(desktop, "audit-after-full-check-desktop-en-US");
    }
}
