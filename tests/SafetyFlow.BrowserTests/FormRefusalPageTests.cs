using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>
/// A finding's forms sent back, in Chinese on a phone and in English on a desktop: what was typed stays, each refusal
/// shows at its field in the page's language, an extension past the limit says the limit, and a fix without a photo
/// leaves no empty photo box in the review queue.
/// </summary>
public sealed class FormRefusalPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Refused_forms_keep_what_was_typed_and_say_what_is_wrong_at_the_field_in_the_page_language()
    {
        await Steps.RaiseKitchenFindingAsync(app);

        // Five fixes on the phone in Chinese: funds left blank, a deadline before today (the clock reads 23 November).
        var phone = await app.SignInAsync("owner-fire", BrowserApp.Phone, "zh-CN");
        await phone.Locator("li.finding a.cover").First.ClickAsync();
        var findingUrl = phone.Url;
        var plan = phone.Locator("form.five-fixes");
        await plan.Locator("textarea[name=measures]").FillAsync("更换为已检修的灭火器。");
        await plan.Locator("input[name=responsiblePerson]").FillAsync("王强");
        await plan.Locator("input[name=deadline]").FillAsync("2026-11-22");
        await plan.Locator("textarea[name=contingencyPlan]").FillAsync("门口备用灭火器待命。");
        await plan.Locator("button[type=submit]").ClickAsync();

        plan = phone.Locator("form.five-fixes");
        await Assertions.Expect(phone.Locator("p.error[role=alert]")).ToHaveTextAsync("请更正下方标出的内容。");
        await Assertions.Expect(plan.Locator("label", new() { Has = phone.Locator("input[name=funds]") }).Locator(".field-error")).ToHaveTextAsync("'整改资金' 不能为空。");
        await Assertions.Expect(plan.Locator("label", new() { Has = phone.Locator("input[name=deadline]") }).Locator(".field-error")).ToHaveTextAsync("整改时限不能早于今天（2026-11-23，Asia/Shanghai）。");
        await Assertions.Expect(plan.Locator(".field-error")).ToHaveCountAsync(2);
        await Assertions.Expect(plan.Locator("input[name=funds]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(plan.Locator("textarea[name=measures]")).ToHaveValueAsync("更换为已检修的灭火器。");
        await Assertions.Expect(plan.Locator("input[name=responsiblePerson]")).ToHaveValueAsync("王强");
        await Assertions.Expect(plan.Locator("input[name=deadline]")).ToHaveValueAsync("2026-11-22");
        await Assertions.Expect(plan.Locator("textarea[name=contingencyPlan]")).ToHaveValueAsync("门口备用灭火器待命。");
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(phone));
        await BrowserApp.ScreenshotAsync(phone, "five-fixes-refused-phone-zh-CN");

        // The same form on the desktop in English: one blank field, the other four kept, the message in English.
        var desktop = await app.SignInAsync("owner-fire", BrowserApp.Desktop);
        await desktop.GotoAsync(findingUrl);
        var english = desktop.Locator("form.five-fixes");
        await english.Locator("input[name=funds]").FillAsync("CNY 300, maintenance budget");
        await english.Locator("input[name=responsiblePerson]").FillAsync("Wang Qiang");
        await english.Locator("input[name=deadline]").FillAsync("2026-11-25");
        await english.Locator("textarea[name=contingencyPlan]").FillAsync("A spare extinguisher stands by the door.");
        await english.Locator("button[type=submit]").ClickAsync();

        english = desktop.Locator("form.five-fixes");
        await Assertions.Expect(english.Locator("label", new() { Has = desktop.Locator("textarea[name=measures]") }).Locator(".field-error")).ToHaveTextAsync("'Measures' must not be empty.");
        await Assertions.Expect(english.Locator(".field-error")).ToHaveCountAsync(1);
        await Assertions.Expect(english.Locator("input[name=funds]")).ToHaveValueAsync("CNY 300, maintenance budget");
        await Assertions.Expect(english.Locator("input[name=responsiblePerson]")).ToHaveValueAsync("Wang Qiang");
        await Assertions.Expect(english.Locator("input[name=deadline]")).ToHaveValueAsync("2026-11-25");
        await Assertions.Expect(english.Locator("textarea[name=contingencyPlan]")).ToHaveValueAsync("A spare extinguisher stands by the door.");
        await BrowserApp.ScreenshotAsync(desktop, "five-fixes-refused-desktop-en-US");
        await english.Locator("textarea[name=measures]").FillAsync("Replace the extinguisher with a serviced one.");
        await english.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(desktop.Locator(".flash")).ToContainTextAsync("five fixes are recorded");

        // An extension past the limit: the limit at the date, in each language, with the date and reason kept.
        await phone.GotoAsync(findingUrl);
        await phone.ClickAsync("details.extension summary");
        await Assertions.Expect(phone.Locator("details.extension .hint")).ToContainTextAsync("最多推后 14 天");
        await phone.FillAsync("details.extension input[name=dueOn]", "2026-12-31");
        await phone.FillAsync("details.extension textarea[name=reason]", "供应商下月到货。");
        await phone.ClickAsync("details.extension button[type=submit]");
        var asked = phone.Locator("details.extension");
        await Assertions.Expect(asked).ToHaveAttributeAsync("open", "open");
        await Assertions.Expect(asked.Locator(".field-error")).ToHaveTextAsync("延期最多只能将期限推后 14 天。");
        await Assertions.Expect(asked.Locator("input[name=dueOn]")).ToHaveValueAsync("2026-12-31");
        await Assertions.Expect(asked.Locator("textarea[name=reason]")).ToHaveValueAsync("供应商下月到货。");
        await Assertions.Expect(phone.Locator("p.error[role=alert]")).Not.ToContainTextAsync("当前状态不允许");
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(phone));
        await BrowserApp.ScreenshotAsync(phone, "extension-limit-phone-zh-CN");

        await desktop.GotoAsync(findingUrl);
        await desktop.ClickAsync("details.extension summary");
        await desktop.FillAsync("details.extension input[name=dueOn]", "2026-12-31");
        await desktop.FillAsync("details.extension textarea[name=reason]", "The supplier delivers next month.");
        await desktop.ClickAsync("details.extension button[type=submit]");
        await Assertions.Expect(desktop.Locator("details.extension .field-error")).ToHaveTextAsync("An extension may move the deadline at most 14 days past the current one.");
        await Assertions.Expect(desktop.Locator("details.extension textarea[name=reason]")).ToHaveValueAsync("The supplier delivers next month.");
        await BrowserApp.ScreenshotAsync(desktop, "extension-limit-desktop-en-US");

        // A file that is not a picture is refused at the photo; the note stays, and the fix then goes in without a photo.
        await phone.GotoAsync(findingUrl);
        var fix = phone.Locator("form.fix");
        await fix.Locator("textarea[name=note]").FillAsync("已更换灭火器并检查压力。");
        await fix.Locator("input[name=photo]").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "not a picture"u8.ToArray() });
        await fix.Locator("button[type=submit]").ClickAsync();
        fix = phone.Locator("form.fix");
        await Assertions.Expect(fix.Locator("label", new() { Has = phone.Locator("input[name=photo]") }).Locator(".field-error")).ToHaveTextAsync("只接受 JPEG 或 PNG 格式的照片。");
        await Assertions.Expect(fix.Locator("textarea[name=note]")).ToHaveValueAsync("已更换灭火器并检查压力。");
        await BrowserApp.ScreenshotAsync(phone, "fix-photo-refused-phone-zh-CN");
        await fix.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(phone.Locator(".flash")).ToContainTextAsync("整改已提交");

        // The supervisor's queue and the finding show no empty box for the fix photo there is not.
        var supervisor = await app.SignInAsync("sup-canteen", BrowserApp.Phone, "zh-CN");
        await supervisor.GotoAsync("/review");
        var card = supervisor.Locator($"li.finding[data-finding='{findingUrl.Split('/')[^1]}']");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator("figure")).ToHaveCountAsync(0);
        await Assertions.Expect(card).Not.ToContainTextAsync("整改照片");
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(supervisor));
        await BrowserApp.ScreenshotAsync(supervisor, "review-queue-no-fix-photo-phone-zh-CN");
        await supervisor.GotoAsync(findingUrl);
        await Assertions.Expect(supervisor.Locator("section.photos figcaption")).ToHaveTextAsync(["隐患照片"]);
    }
}
