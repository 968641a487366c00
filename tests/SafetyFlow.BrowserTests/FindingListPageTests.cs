using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>
/// The finding list as the safety office uses it: a lagging zone on the dashboard opens its list, free text and an order
/// kept in the address, a reversed period refused at its field with what was typed kept, the list downloaded; in English
/// on a desktop and in Chinese on a 360 px phone.
/// </summary>
public sealed class FindingListPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_dashboard_opens_the_lagging_zones_list_which_searches_sorts_pages_and_downloads()
    {
        await Steps.RaiseKitchenFindingAsync(app);

        var office = await app.SignInAsync("safety1", BrowserApp.Desktop);
        await office.Locator("table a", new() { HasText = "Canteen 1 kitchen" }).ClickAsync();
        await Assertions.Expect(office).ToHaveURLAsync(new Regex(@"/findings\?zone=z-canteen-kitchen&from=2026-10-01$"));
        await Assertions.Expect(office.Locator("li.finding")).ToHaveCountAsync(1);
        await Assertions.Expect(office.Locator("select[name=zone]")).ToHaveValueAsync("z-canteen-kitchen");

        await office.FillAsync("input[name=q]", "BRACKET");
        await office.SelectOptionAsync("select[name=sort]", "raised");
        await office.SelectOptionAsync("select[name=dir]", "desc");
        await office.SelectOptionAsync("select[name=size]", "20");
        await office.ClickAsync("form.filters button[type=submit]");
        await Assertions.Expect(office).ToHaveURLAsync(new Regex(@"q=BRACKET.*sort=raised&dir=desc&size=20"));
        await Assertions.Expect(office.Locator("li.finding")).ToHaveCountAsync(1);
        await Assertions.Expect(office.Locator(".result-range")).ToHaveTextAsync("Findings 1–1");
        await BrowserApp.ScreenshotAsync(office, "findings-search-desktop");

        var csv = await office.RunAndWaitForDownloadAsync(() => office.ClickAsync("a.download-csv"));
        var text = await File.ReadAllTextAsync(await csv.PathAsync());
        Assert.Contains("Extinguisher missing from its bracket.", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        // Nothing else matches; a reversed period is refused at "to", keeping the words typed.
        await office.FillAsync("input[name=q]", "no such words");
        await office.ClickAsync("form.filters button[type=submit]");
        await Assertions.Expect(office.Locator(".result-range")).ToHaveTextAsync("No finding matches.");
        await office.FillAsync("input[name=from]", "2026-11-25");
        await office.FillAsync("input[name=to]", "2026-11-20");
        await office.ClickAsync("form.filters button[type=submit]");
        await Assertions.Expect(office.Locator("label:has(input[name=to]) .field-error")).ToHaveTextAsync("The end date must not be before the start date.");
        await Assertions.Expect(office.Locator("input[name=q]")).ToHaveValueAsync("no such words");

        var phone = await app.SignInAsync("safety1", BrowserApp.Phone, "zh-CN");
        await phone.GotoAsync("/office");
        await phone.Locator(".tile").Nth(0).ClickAsync();
        await Assertions.Expect(phone).ToHaveURLAsync(new Regex(@"/findings\?open=true$"));
        await Assertions.Expect(phone.Locator("h1")).ToHaveTextAsync("隐患查询");
        await Assertions.Expect(phone.Locator("li.finding")).ToHaveCountAsync(1);
        await Assertions.Expect(phone.Locator(".result-range")).ToHaveTextAsync("第 1–1 条");
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(phone));
        await BrowserApp.ScreenshotAsync(phone, "findings-search-phone-zh-CN");

        await phone.GotoAsync("/findings?q=%E6%94%AF%E6%9E%B6&from=2026-11-25&to=2026-11-20");
        await Assertions.Expect(phone.Locator("label:has(input[name=to]) .field-error")).ToHaveTextAsync("结束日期不能早于开始日期。");
        await Assertions.Expect(phone.Locator("input[name=q]")).ToHaveValueAsync("支架");
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(phone));
    }
}
