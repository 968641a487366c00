using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>Chinese and English: chosen from the browser, switchable, remembered, checklist texts included.</summary>
public sealed class LanguageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_Chinese_browser_gets_Chinese_pages_and_checklist_texts()
    {
        var page = await app.OpenAsync(BrowserApp.Phone, "zh-CN");
        await page.GotoAsync("/login");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("登录");
        await page.FillAsync("#userName", "member-canteen");
        await page.FillAsync("#password", BrowserApp.Password);
        await page.ClickAsync("form:not(.inline) button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("本周检查");
        await page.Locator("li.inspection", new() { HasText = "每周灭火器检查" }).Locator("a.cover").First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("每周灭火器检查");
        await Assertions.Expect(page.Locator("fieldset[data-item='in-place'] .item-text").First).ToContainTextAsync("灭火器");
        await Assertions.Expect(page.Locator("label.outcome.fail").First).ToHaveTextAsync("不合格");
        await Assertions.Expect(page.Locator("button[type=submit].primary")).ToHaveTextAsync("提交检查");
        await BrowserApp.ScreenshotAsync(page, "member-checklist-chinese-phone", fullPage: false);
    }

    [Fact]
    public async Task The_language_switch_is_remembered_across_pages_and_visits()
    {
        var page = await app.SignInAsync("safety1", BrowserApp.Desktop, "en-US");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Safety dashboard");
        await page.ClickAsync("button[name=culture][value=zh-CN]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("安全总览");
        await page.GotoAsync("/findings");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("隐患查询");
        await page.GotoAsync("/workflow");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("隐患整改闭环");
        await BrowserApp.ScreenshotAsync(page, "office-workflow-chinese-desktop");

        await page.ClickAsync("button[name=culture][value=en]");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Finding rectification");
    }
}
