using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>
/// An admin adds a person (a refused password first, the form keeping what was typed) and hands a finding to another
/// owner, on a 360 px phone in Chinese and on a desktop in English.
/// </summary>
public sealed class AdminEditPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_admin_adds_a_person_and_reassigns_a_finding_on_a_phone_in_chinese_and_a_desktop_in_english()
    {
        await Steps.RaiseKitchenFindingAsync(app, "Bracket empty.");
        string finding;
        using (var api = await Steps.ApiAsync(app, "admin"))
        {
            finding = (await api.GetFromJsonAsync<JsonElement>("/api/findings"))[0].GetProperty("id").GetString()!;
        }

        var runs = new[]
        {
            (Size: "phone", Viewport: BrowserApp.Phone, Locale: "zh-CN", UserName: "wang.fang", Name: "王芳", Unit: "一号食堂 Canteen 1", To: "owner-electric",
                Added: "王芳 已添加", Weak: "密码不符合要求", Done: "已转交", Action: "转交责任人"),
            (Size: "desktop", Viewport: BrowserApp.Desktop, Locale: "en-US", UserName: "li.lei", Name: "Li Lei", Unit: "办公楼 Office Building", To: "owner-kitchen",
                Added: "Li Lei is added", Weak: "The password does not meet the rules", Done: "Reassigned; the new owner has been told.", Action: "Owner reassigned"),
        };
        foreach (var run in runs)
        {
            var page = await app.SignInAsync("admin", run.Viewport, run.Locale);
            await page.GotoAsync("/admin/people");
            await page.Locator("details.person-form summary").ClickAsync();
            var form = page.Locator("details.person-form form");
            await form.Locator("input[name='userName']").FillAsync(run.UserName);
            await form.Locator("input[name='displayName']").FillAsync(run.Name);
            await form.Locator("select[name='unit']").SelectOptionAsync(new SelectOptionValue { Label = run.Unit });
            await form.Locator("input[name='roles'][value='Owner']").CheckAsync();
            await form.Locator("input[name='password']").FillAsync("weak");
            await form.Locator("button[type=submit]").ClickAsync();

            // Refused: the form is open again with what was typed and the error at the password.
            await Assertions.Expect(page.Locator("[data-field='password']")).ToContainTextAsync(run.Weak);
            await Assertions.Expect(form.Locator("input[name='displayName']")).ToHaveValueAsync(run.Name);
            await Assertions.Expect(form.Locator("input[name='roles'][value='Owner']")).ToBeCheckedAsync();
            Assert.False(await BrowserApp.ScrollsSidewaysAsync(page));
            await BrowserApp.ScreenshotAsync(page, $"admin-add-person-refused-{run.Size}-{run.Locale}");

            await form.Locator("input[name='password']").FillAsync("Start!2026x");
            await form.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync(run.Added);
            await Assertions.Expect(page.Locator($"tr[data-person='{run.UserName}']")).ToContainTextAsync(run.Name);
            Assert.False(await BrowserApp.ScrollsSidewaysAsync(page));
            await BrowserApp.ScreenshotAsync(page, $"admin-person-added-{run.Size}-{run.Locale}");

            await page.GotoAsync($"/findings/{finding}");
            var reassign = page.Locator("form.reassign");
            await reassign.Locator("select[name=owner]").SelectOptionAsync(run.To);
            await reassign.Locator("textarea[name=note]").FillAsync("Wiring fault");
            await reassign.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync(run.Done);
            await Assertions.Expect(page.Locator(".timeline li").Last).ToContainTextAsync(run.Action);
            await Assertions.Expect(page.Locator(".timeline li").Last).ToContainTextAsync("Wiring fault");
            Assert.False(await BrowserApp.ScrollsSidewaysAsync(page));
            await BrowserApp.ScreenshotAsync(page, $"admin-reassigned-{run.Size}-{run.Locale}");
            await page.Context.CloseAsync();
        }

        using var check = await Steps.ApiAsync(app, "owner-kitchen");
        var notices = await check.GetFromJsonAsync<JsonElement>("/api/notifications?mine=true");
        Assert.Contains(notices.EnumerateArray(), n => n.GetProperty("kind").GetString() == "finding.reassigned");
    }
}
