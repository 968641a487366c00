using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.BrowserTests;

/// <summary>Past 99 unread notifications the top bar shows "99+", on a phone and on a desktop, in Chinese and English.</summary>
public sealed class InboxBadgePageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Past_ninety_nine_unread_the_top_bar_shows_99_plus_without_widening_the_phone_page()
    {
        await NotifyAsync("owner-electric", 150);

        var phone = await app.SignInAsync("owner-electric", BrowserApp.Phone, "zh-CN");
        await phone.GotoAsync("/findings/mine");
        var badge = phone.Locator("a.inbox-link .count");
        await Assertions.Expect(badge).ToHaveTextAsync("99+");
        await Assertions.Expect(phone.Locator("a.inbox-link")).ToHaveAttributeAsync("aria-label", "消息: 99+ 条未读");
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(phone));
        await BrowserApp.ScreenshotAsync(phone, "inbox-badge-99-plus-phone-zh-CN", fullPage: false);

        var desktop = await app.SignInAsync("owner-electric", BrowserApp.Desktop, "en-US");
        await desktop.GotoAsync("/findings/mine");
        await Assertions.Expect(desktop.Locator("a.inbox-link .count")).ToHaveTextAsync("99+");
        await Assertions.Expect(desktop.Locator("a.inbox-link")).ToHaveAttributeAsync("aria-label", "Inbox: 99+ unread");
        await BrowserApp.ScreenshotAsync(desktop, "inbox-badge-99-plus-desktop-en-US", fullPage: false);
    }

    /// <summary>Gives the person this many unread notifications, as a long run of reminders would.</summary>
    private async Task NotifyAsync(string userName, int count)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var person = await db.Users.SingleAsync(u => u.UserName == userName);
        db.Notifications.AddRange(Enumerable.Range(0, count).Select(i => new Notification
        {
            RecipientId = person.Id,
            At = DateTimeOffset.UtcNow,
            Kind = "finding.reminder",
            Text = $"提醒 {i}",
        }));
        await db.SaveChangesAsync();
    }
}
