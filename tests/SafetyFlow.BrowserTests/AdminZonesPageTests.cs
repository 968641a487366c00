using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>
/// The admin's zones page with more zones than one page holds: twenty at a time, of every unit or one, with the count
/// and the pages to go through, on a phone in Chinese and on a desktop in English.
/// </summary>
public sealed partial class AdminZonesPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const int AnnexZones = 25;

    [Fact]
    public async Task Zones_come_twenty_at_a_time_of_every_unit_or_one_without_widening_the_phone_page()
    {
        await ImportAnnexAsync();

        var phone = await app.SignInAsync("admin", BrowserApp.Phone, "zh-CN");
        await phone.GotoAsync("/admin/zones");
        var zones = phone.Locator("li[data-zone]");
        await Assertions.Expect(zones).ToHaveCountAsync(20);
        var total = int.Parse((await phone.Locator("p[data-zone-count]").GetAttributeAsync("data-zone-count"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total > AnnexZones, $"{total} zones in all");
        await Assertions.Expect(phone.Locator("p[data-zone-count]")).ToHaveTextAsync($"第 1–20 个区域，共 {total} 个");
        await Assertions.Expect(phone.Locator("nav.pager a[rel=prev]")).ToHaveCountAsync(0);
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(phone));
        await phone.Locator("form.filters").ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(phone, "admin-zones-page-1-phone-zh-CN", fullPage: false);

        // The next page goes on where the first stopped; no zone is on both.
        var first = await zones.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.zone)");
        await phone.Locator("nav.pager a[rel=next]").ClickAsync();
        await Assertions.Expect(phone.Locator("p[data-zone-count]")).ToHaveTextAsync(new Regex($"^第 21–{Math.Min(40, total)} 个区域"));
        var second = await zones.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.zone)");
        Assert.Equal(Math.Min(20, total - 20), second.Length);
        Assert.Empty(first.Intersect(second));
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(phone));
        await phone.Locator("nav.pager").ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(phone, "admin-zones-page-2-phone-zh-CN", fullPage: false);

        // One unit's zones: the annex's twenty-five, twenty then five.
        var desktop = await app.SignInAsync("admin", BrowserApp.Desktop, "en-US");
        await desktop.GotoAsync("/admin/zones");
        await desktop.Locator("form.filters select[name=unit]").SelectOptionAsync("annex");
        await desktop.Locator("form.filters button[type=submit]").ClickAsync();
        await Assertions.Expect(desktop.Locator("p[data-zone-count]")).ToHaveTextAsync($"Zones 1–20 of {AnnexZones}");
        await Assertions.Expect(desktop.Locator("li[data-zone]")).ToHaveCountAsync(20);
        await desktop.Locator("nav.pager a[rel=next]").ClickAsync();
        await Assertions.Expect(desktop.Locator("p[data-zone-count]")).ToHaveTextAsync($"Zones 21–{AnnexZones} of {AnnexZones}");
        await Assertions.Expect(desktop.Locator("li[data-zone]")).ToHaveCountAsync(AnnexZones - 20);
        await Assertions.Expect(desktop.Locator("li[data-zone]").First).ToContainTextAsync("Annex");
        await Assertions.Expect(desktop.Locator("nav.pager a[rel=next]")).ToHaveCountAsync(0);
        await Assertions.Expect(desktop.Locator("nav.pager a[rel=prev]")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(desktop, "admin-zones-unit-page-2-desktop-en-US");
    }

    /// <summary>Adds a unit with more zones than one page holds, as a group's import would.</summary>
    private async Task ImportAnnexAsync()
    {
        using var admin = await Steps.ApiAsync(app, "admin");
        var document = new
        {
            units = new[] { new { key = "annex", name = "Annex 附楼", parent = "svc" } },
            users = Array.Empty<object>(),
            zones = Enumerable.Range(1, AnnexZones).Select(i => new { key = $"z-annex-{i:00}", name = $"Annex room {i:00} 附楼 {i:00} 号房", unit = "annex", member = "member-dorm" }),
            assets = Array.Empty<object>(),
        };
        (await admin.PostAsJsonAsync("/api/org/import", document)).EnsureSuccessStatusCode();
    }
}
