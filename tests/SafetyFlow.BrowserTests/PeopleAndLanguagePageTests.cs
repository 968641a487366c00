using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>
/// People by their names in the findings list and on a finding, on a 360 px phone and a desktop, in Chinese and English;
/// the saved language on a browser that never chose one; the Chinese workflow diagram in Chinese.
/// </summary>
public sealed class PeopleAndLanguagePageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_findings_list_and_a_finding_name_people_by_display_name_on_a_phone_and_a_desktop_in_both_languages()
    {
        await Steps.RaiseKitchenFindingAsync(app, "Bracket empty.");
        foreach (var (size, viewport) in new[] { ("phone", BrowserApp.Phone), ("desktop", BrowserApp.Desktop) })
        {
            foreach (var (locale, owner) in new[] { ("zh-CN", "整改责任人"), ("en-US", "Owner") })
            {
                var page = await app.SignInAsync("safety1", viewport, locale);
                await page.GotoAsync("/findings");
                var card = page.Locator("li.finding").First;
                await Assertions.Expect(card.Locator(".owner")).ToHaveTextAsync($"{owner}: 孙丽");
                await Assertions.Expect(page.Locator("ul.cards")).Not.ToContainTextAsync("owner-fire");
                Assert.False(await BrowserApp.ScrollsSidewaysAsync(page));
                await card.ScrollIntoViewIfNeededAsync();
                await BrowserApp.ScreenshotAsync(page, $"findings-names-{size}-{locale}", fullPage: false);

                await card.Locator("a.cover").ClickAsync();
                await Assertions.Expect(page.Locator("dd.owner")).ToHaveTextAsync("孙丽");
                await Assertions.Expect(page.Locator("dd.raised")).ToContainTextAsync("赵敏");
                await Assertions.Expect(page.Locator(".timeline .actor").First).ToHaveTextAsync("赵敏");
                await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("member-canteen");
                await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("owner-fire");
                Assert.False(await BrowserApp.ScrollsSidewaysAsync(page));
                await BrowserApp.ScreenshotAsync(page, $"finding-names-{size}-{locale}");
                await page.Context.CloseAsync();
            }
        }
    }

    [Fact]
    public async Task A_person_signing_in_on_a_browser_that_never_chose_a_language_reads_their_saved_one()
    {
        // member-canteen saved Chinese, owner-fire English; each browser speaks the other language.
        foreach (var (userName, locale, heading) in new[] { ("member-canteen", "en-US", "本周检查"), ("owner-fire", "zh-CN", "My findings") })
        {
            var page = await app.OpenAsync(BrowserApp.Phone, locale);
            await page.GotoAsync("/login");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(locale == "en-US" ? "Sign in" : "登录");
            await page.FillAsync("#userName", userName);
            await page.FillAsync("#password", BrowserApp.Password);
            await page.ClickAsync("form:not(.inline) button[type=submit]");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_chinese_workflow_diagram_shows_chinese_states_and_a_label_on_every_transition()
    {
        var page = await app.SignInAsync("safety1", BrowserApp.Desktop, "zh-CN");
        await page.GotoAsync("/workflow");
        var diagram = page.Locator("#diagram svg");
        await Assertions.Expect(diagram).ToBeVisibleAsync();
        foreach (var text in new[] { "待整改", "待验收", "已销号", "提交整改", "验收销号", "退回整改", "申请延期", "同意延期", "拒绝延期", "落实五定" })
        {
            await Assertions.Expect(diagram).ToContainTextAsync(text);
        }

        foreach (var id in new[] { "FixSubmitted", "requestExtension", "recordFiveFixes", "approve" })
        {
            await Assertions.Expect(diagram).Not.ToContainTextAsync(id);
        }

        await BrowserApp.ScreenshotAsync(page, "workflow-diagram-chinese-desktop");

        // On a phone the diagram keeps a readable size and scrolls sideways inside its card.
        var phone = await app.SignInAsync("safety1", BrowserApp.Phone, "zh-CN");
        await phone.GotoAsync("/workflow");
        var phoneDiagram = phone.Locator("#diagram svg");
        await Assertions.Expect(phoneDiagram).ToBeVisibleAsync();
        var width = await phoneDiagram.EvaluateAsync<double>("svg => svg.getBoundingClientRect().width");
        Assert.True(width >= 500, $"the diagram is {width} px wide on a phone");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page itself scrolls sideways");
        await BrowserApp.ScreenshotAsync(phone, "workflow-diagram-chinese-phone");
    }
}
