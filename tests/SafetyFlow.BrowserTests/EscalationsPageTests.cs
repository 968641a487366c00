using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;
using SafetyFlow.Web.Data;

namespace SafetyFlow.BrowserTests;

/// <summary>The admin's failed escalations page: a step that could not fire is listed with its error and tried again.</summary>
public sealed class EscalationsPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_step_that_failed_is_listed_with_its_error_and_fires_once_retried()
    {
        await Steps.RaiseKitchenFindingAsync(app);
        var lifecycleHash = await SetLifecycleHashAsync("a-version-this-node-does-not-know");
        await Steps.AdvanceClockAsync(app, "P6D");

        var admin = await app.SignInAsync("admin", BrowserApp.Desktop);
        await admin.GotoAsync("/admin");
        await admin.ClickAsync("a[href='/admin/escalations']");
        var row = admin.Locator("table.stalled tbody tr").First;
        await Assertions.Expect(row.Locator(".last-error")).ToContainTextAsync("a-version-this-node-does-not-know");
        await Assertions.Expect(row).ToContainTextAsync("Canteen 1 kitchen");
        await BrowserApp.ScreenshotAsync(admin, "escalations-desktop");

        var phone = await app.SignInAsync("admin", BrowserApp.Phone, "zh-CN");
        await phone.GotoAsync("/admin/escalations");
        await Assertions.Expect(phone.Locator("h1")).ToHaveTextAsync("升级失败");
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(phone));
        await BrowserApp.ScreenshotAsync(phone, "escalations-phone-zh");

        await SetLifecycleHashAsync(lifecycleHash);
        await row.Locator("button.retry").ClickAsync();
        await Assertions.Expect(admin.Locator("p.flash")).ToContainTextAsync("The next sweep tries this step at once.");
        await Steps.AdvanceClockAsync(app, "PT1S");
        await admin.GotoAsync("/admin/escalations");
        await Assertions.Expect(admin.Locator("p.empty")).ToContainTextAsync("No escalation step has failed.");
    }

    /// <summary>Sets the lifecycle version of every finding behind the app's back and returns the one they had.</summary>
    private async Task<string> SetLifecycleHashAsync(string hash)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var before = await db.Findings.Select(f => f.LifecycleHash).FirstAsync();
        await db.Findings.ExecuteUpdateAsync(s => s.SetProperty(f => f.LifecycleHash, hash));
        return before;
    }
}
