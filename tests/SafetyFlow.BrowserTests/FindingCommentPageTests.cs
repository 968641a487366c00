using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>
/// Comments on a finding's page, in Chinese on a phone and in English on a desktop, and the product's error pages for a
/// bad address and the job dashboard.
/// </summary>
public sealed class FindingCommentPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_owner_and_the_supervisor_talk_on_the_finding_and_a_blank_comment_is_refused_at_its_field()
    {
        await Steps.RaiseKitchenFindingAsync(app);
        var owner = await app.SignInAsync("owner-fire", BrowserApp.Phone, "zh-CN");
        await owner.Locator("li.finding a.cover").First.ClickAsync();
        var findingUrl = owner.Url;

        await owner.ClickAsync("form.comment button[type=submit]");
        await Assertions.Expect(owner.Locator("form.comment .field-error")).ToHaveTextAsync("请填写评论内容。");
        await owner.FillAsync("form.comment textarea[name=text]", "已订购备用灭火器，周五到货。");
        await owner.ClickAsync("form.comment button[type=submit]");
        await Assertions.Expect(owner.Locator(".flash")).ToContainTextAsync("评论已发表");
        await Assertions.Expect(owner.Locator(".timeline li.comment")).ToContainTextAsync("已订购备用灭火器，周五到货。");
        await Assertions.Expect(owner.Locator(".timeline li.comment strong")).ToHaveTextAsync("评论");
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(owner));
        await BrowserApp.ScreenshotAsync(owner, "finding-comment-phone-zh-CN");

        var supervisor = await app.SignInAsync("sup-canteen", BrowserApp.Desktop);
        await supervisor.GotoAsync(findingUrl);
        await supervisor.FillAsync("form.comment textarea[name=text]", "Keep the old one in place until Friday.");
        await supervisor.ClickAsync("form.comment button[type=submit]");
        await Assertions.Expect(supervisor.Locator(".flash")).ToContainTextAsync("Comment posted");
        await Assertions.Expect(supervisor.Locator(".timeline li.comment")).ToHaveCountAsync(2);
        await BrowserApp.ScreenshotAsync(supervisor, "finding-comment-desktop");

        using var api = await Steps.ApiAsync(app, "owner-fire");
        var inbox = await api.GetFromJsonAsync<JsonElement>("/api/notifications?mine=true");
        Assert.Contains(inbox.EnumerateArray(), n => n.GetProperty("kind").GetString() == "finding.commented"
            && n.GetProperty("text").GetString()!.Contains("Keep the old one in place until Friday.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_address_and_the_job_dashboard_show_the_products_error_pages()
    {
        var member = await app.SignInAsync("member-canteen", BrowserApp.Phone, "zh-CN");
        var missing = await member.GotoAsync("/zones/no-such-zone/inspect");
        Assert.Equal(404, missing!.Status);
        await Assertions.Expect(member.Locator("h1")).ToHaveTextAsync("找不到该页面");
        await Assertions.Expect(member.Locator("header.top nav")).ToBeVisibleAsync();
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(member));
        await BrowserApp.ScreenshotAsync(member, "error-404-phone-zh-CN");

        var desktop = await app.SignInAsync("member-canteen", BrowserApp.Desktop);
        var denied = await desktop.GotoAsync("/hangfire");
        Assert.Equal(403, denied!.Status);
        await Assertions.Expect(desktop.Locator("h1")).ToHaveTextAsync("Not allowed");
        await BrowserApp.ScreenshotAsync(desktop, "error-403-desktop");

        // The language switch on an error page stays on the address that failed.
        await desktop.GotoAsync("/no-such-page");
        await desktop.ClickAsync("button[value=zh-CN]");
        await Assertions.Expect(desktop.Locator("h1")).ToHaveTextAsync("找不到该页面");
        Assert.EndsWith("/no-such-page", desktop.Url, StringComparison.Ordinal);
    }
}
