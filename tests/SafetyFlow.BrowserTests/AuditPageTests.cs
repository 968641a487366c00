using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;
using SafetyFlow.Web.Data;

namespace SafetyFlow.BrowserTests;

/// <summary>The admin's audit trail page: intact at first, broken with the record named after a history row is rewritten.</summary>
public sealed class AuditPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_audit_page_says_the_trail_is_intact_and_names_the_record_once_a_history_row_is_rewritten()
    {
        await Steps.RaiseKitchenFindingAsync(app);
        var admin = await app.SignInAsync("admin", BrowserApp.Desktop);
        await admin.ClickAsync("nav a[href='/admin/audit']");
        await Assertions.Expect(admin.Locator(".trail-status")).ToContainTextAsync("The trail is intact");
        await Assertions.Expect(admin.Locator(".head-hash")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{64}$"));
        await BrowserApp.ScreenshotAsync(admin, "audit-desktop");

        long tampered;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            tampered = await db.FindingTransitions.MinAsync(t => t.Id);
            Assert.Equal(1, await db.Database.ExecuteSqlAsync($"UPDATE FindingTransitions SET Note = 'nothing was wrong' WHERE Id = {tampered}"));
        }

        await admin.ClickAsync("a.button[href='/admin/audit']");
        await Assertions.Expect(admin.Locator(".trail-status")).ToContainTextAsync("The trail is broken");
        await Assertions.Expect(admin.Locator(".first-broken .record-id")).ToHaveTextAsync(tampered.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(admin.Locator(".first-broken .reason")).ToContainTextAsync("does not match its hash");
        await Assertions.Expect(admin.Locator(".first-broken a[href^='/findings/']")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(admin, "audit-broken-desktop");

        var office = await app.SignInAsync("safety1", BrowserApp.Desktop);
        await office.GotoAsync("/admin/audit");
        Assert.Contains("/denied", office.Url, StringComparison.Ordinal);
    }
}
