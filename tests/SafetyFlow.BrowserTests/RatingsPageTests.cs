using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.BrowserTests;

/// <summary>The zone stars page: this month's stars for every zone and each zone's stored months, in Chinese.</summary>
public sealed class RatingsPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_ratings_page_shows_every_demo_zones_stars_and_stored_months_in_Chinese()
    {
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ZoneRater>().StoreAsync(new DateOnly(2026, 10, 1), CancellationToken.None);
        }

        var office = await app.SignInAsync("safety1", BrowserApp.Desktop, "zh-CN");
        await office.ClickAsync("nav a[href='/office/ratings']");
        await Assertions.Expect(office.Locator("h1")).ToHaveTextAsync("区域星级");
        Assert.Equal("2026-11", await office.InputValueAsync("input[name=month]"));
        foreach (var zone in new[] { "z-canteen-kitchen", "z-canteen-hall", "z-dorm-a", "z-office-2f" })
        {
            var row = office.Locator($"table.ratings tr[data-zone='{zone}']");
            await Assertions.Expect(row.Locator(".stars")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^★+☆*$"));
            await Assertions.Expect(row).ToContainTextAsync("本月至今");
            await Assertions.Expect(office.Locator($"section.history[data-zone='{zone}']")).ToContainTextAsync("2026-10");
        }

        await BrowserApp.ScreenshotAsync(office, "ratings-desktop");

        await office.FillAsync("input[name=month]", "2026-10");
        await office.ClickAsync("form.ratings-filters button[type=submit]");
        await Assertions.Expect(office.Locator("table.ratings tr[data-zone='z-dorm-a']")).ToContainTextAsync("已存档");

        var phone = await app.SignInAsync("sup-dorm", BrowserApp.Phone, "zh-CN");
        await phone.GotoAsync("/office/ratings");
        await Assertions.Expect(phone.Locator("table.ratings")).ToBeVisibleAsync();
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(phone));
        await BrowserApp.ScreenshotAsync(phone, "ratings-phone");
    }

    [Fact]
    public async Task A_supervisor_sees_the_stars_of_their_own_units_zones_only()
    {
        var page = await app.SignInAsync("sup-canteen", BrowserApp.Desktop);
        await page.ClickAsync("nav a[href='/office/ratings']");
        await Assertions.Expect(page.Locator("table.ratings tr[data-zone]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("table.ratings tr[data-zone='z-canteen-kitchen']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table.ratings tr[data-zone='z-canteen-hall']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-zone='z-dorm-a']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-zone='z-office-2f']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Dormitory A");
    }
}
