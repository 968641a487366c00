using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QRCoder;
using SafetyFlow.BrowserTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Inspections;

namespace SafetyFlow.BrowserTests;

/// <summary>
/// A zone sign scanned from the scan page (a photo of its QR code, decoded on the phone), online and offline; a forged
/// sign's page; the visit states on the member's list; the missed list; and the inbox with its unread count.
/// </summary>
public sealed class PresencePageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Zone = "z-canteen-hall";

    [Fact]
    public async Task Scanning_the_zone_sign_records_the_arrival_and_opens_the_zones_inspections_and_offline_it_is_kept_and_sent_later()
    {
        var page = await app.SignInAsync("member-canteen", BrowserApp.Phone, "zh-CN");
        await page.GotoAsync("/inspections");
        await Assertions.Expect(page.Locator("li.inspection .badge.visit-upcoming").First).ToHaveTextAsync("未到检查时段");
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(page));
        await BrowserApp.ScreenshotAsync(page, "member-visit-states-phone-zh-CN");

        await page.ClickAsync("a.button.scan");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("扫描区域标牌");
        await BrowserApp.ScreenshotAsync(page, "scan-phone-zh-CN");
        await page.Locator("[data-scan-photo]").SetInputFilesAsync(new FilePayload { Name = "sign.png", MimeType = "image/png", Buffer = SignQr(Zone) });
        await page.WaitForURLAsync(url => url.Contains($"/zones/{Zone}/inspect", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-arrived]")).ToContainTextAsync("已记录您在");
        await Assertions.Expect(page.Locator("ul.cards li.inspection")).ToHaveCountAsync(await ZoneInspectionCountAsync());
        await BrowserApp.ScreenshotAsync(page, "scan-arrived-phone-zh-CN");

        // The checklist's header says the member is on site, before anything is submitted.
        await page.Locator("ul.cards li.inspection a.cover").First.ClickAsync();
        await Assertions.Expect(page.Locator(".visit .badge.on-site")).ToBeVisibleAsync();
        Assert.Equal(1, await ArrivalsAsync(phoneTime: false));

        // Offline, the scan is kept on the phone with the phone's time, and sent once the connection returns. The phone's
        // clock is set to the simulation clock's time, as a phone's clock agrees with the server's.
        using (var admin = await Steps.ApiAsync(app, "admin"))
        {
            var now = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/clock")).GetProperty("now").GetDateTimeOffset();
            await page.Clock.SetFixedTimeAsync(now.AddMinutes(-3).UtcDateTime);
        }

        await page.GotoAsync("/scan");
        await page.Context.SetOfflineAsync(true);
        await page.Locator("[data-scan-photo]").SetInputFilesAsync(new FilePayload { Name = "sign.png", MimeType = "image/png", Buffer = SignQr(Zone) });
        await Assertions.Expect(page.Locator("[data-scan-status]")).ToContainTextAsync("当前离线");
        await Assertions.Expect(page.Locator("[data-arrivals-waiting]")).ToContainTextAsync("1 条到达记录等待发送");
        await BrowserApp.ScreenshotAsync(page, "scan-offline-phone-zh-CN");
        Assert.Equal(0, await ArrivalsAsync(phoneTime: true));
        await page.Context.SetOfflineAsync(false);
        await Assertions.Expect(page.Locator("[data-arrivals-waiting]")).ToHaveTextAsync("离线保存的到达记录已发送。");
        Assert.Equal(1, await ArrivalsAsync(phoneTime: true));
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-arrivals-waiting]")).ToBeEmptyAsync();
        Assert.Equal(1, await ArrivalsAsync(phoneTime: true));
    }

    [Fact]
    public async Task A_forged_sign_gets_a_page_that_says_so_in_English_and_Chinese()
    {
        foreach (var (viewport, locale, title, shot) in new[]
        {
            (BrowserApp.Phone, "en-US", "Not a valid zone sign", "bad-sign-phone-en-US"),
            (BrowserApp.Desktop, "zh-CN", "无效的区域标牌", "bad-sign-desktop-zh-CN"),
        })
        {
            var page = await app.SignInAsync("member-canteen", viewport, locale);
            var response = await page.GotoAsync($"/zones/{Zone}/inspect?t=0123456789abcdef0123456789abcdef");
            Assert.Equal(400, response!.Status);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(title);
            await BrowserApp.ScreenshotAsync(page, shot);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_inbox_lists_notifications_with_an_unread_count_that_drops_when_a_finding_is_opened()
    {
        await Steps.RaiseKitchenFindingAsync(app);
        var page = await app.SignInAsync("owner-fire", BrowserApp.Phone);
        var count = page.Locator("a.inbox-link .count");
        await Assertions.Expect(count).ToBeVisibleAsync();
        var before = int.Parse(await count.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await page.ClickAsync("a.inbox-link");
        await Assertions.Expect(page.Locator("ul.inbox li.notification.unread")).ToHaveCountAsync(before);
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(page));
        await BrowserApp.ScreenshotAsync(page, "inbox-phone-en-US");

        await page.Locator("ul.inbox li.notification a.cover").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/findings/", StringComparison.Ordinal));
        await page.ClickAsync("a.inbox-link");
        await Assertions.Expect(page.Locator("ul.inbox li.notification.read").First).ToBeVisibleAsync();
        var unread = await page.Locator("ul.inbox li.notification.unread").CountAsync();
        Assert.True(unread < before);
        if (unread > 0)
        {
            await Assertions.Expect(count).ToHaveTextAsync(unread.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var desktop = await app.SignInAsync("owner-fire", BrowserApp.Desktop, "zh-CN");
        await desktop.GotoAsync("/notifications");
        await Assertions.Expect(desktop.Locator("h1")).ToHaveTextAsync("消息");
        await BrowserApp.ScreenshotAsync(desktop, "inbox-desktop-zh-CN");
    }

    private byte[] SignQr(string zone)
    {
        var signs = app.Services.GetRequiredService<ZoneSigns>();
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(signs.Url(zone), QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(8);
    }

    private async Task<int> ZoneInspectionCountAsync()
    {
        using var client = await Steps.ApiAsync(app, "member-canteen");
        var list = await client.GetFromJsonAsync<JsonElement>("/api/inspections?mine=true");
        return list.EnumerateArray().Count(i => i.GetProperty("zone").GetString() == Zone);
    }

    private async Task<int> ArrivalsAsync(bool phoneTime)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        return await db.ZoneArrivals.CountAsync(a => a.PhoneTime == phoneTime);
    }
}

/// <summary>Missed inspections, on an app of their own: the clock is moved past every window of the week.</summary>
public sealed class MissedPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Zone = "z-canteen-hall";

    [Fact]
    public async Task Missed_inspections_stay_listed_for_the_member_and_the_safety_office_and_the_figures_show_them()
    {
        // Past every window of the week: nothing was submitted, so every inspection is missed.
        await Steps.AdvanceClockAsync(app, "P4DT10H");
        var office = await app.SignInAsync("safety1", BrowserApp.Desktop);
        await office.ClickAsync("nav a[href='/inspections/missed']");
        await Assertions.Expect(office.Locator("table.missed tbody tr").First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(office, "missed-desktop-en-US");
        await office.GotoAsync("/office/closure?from=2026-11-01&to=2026-11-30");
        await Assertions.Expect(office.Locator($"table.presence tr[data-zone='{Zone}'] .missed")).Not.ToHaveTextAsync("0");
        await office.Locator("section.presence").ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(office, "presence-figures-desktop-en-US");

        var member = await app.SignInAsync("member-canteen", BrowserApp.Phone);
        await member.GotoAsync("/inspections");
        await Assertions.Expect(member.Locator("li.inspection .badge.visit-missed").First).ToHaveTextAsync("Missed");
        await BrowserApp.ScreenshotAsync(member, "member-missed-phone-en-US");
    }
}
