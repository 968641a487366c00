using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.IntegrationTests.Notifications;

/// <summary>The top bar shows how many notifications the person has not read, up to 99 and then "99+", as phones do.</summary>
public sealed partial class InboxBadgeTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Past_ninety_nine_unread_the_top_bar_shows_99_plus_and_after_reading_all_nothing()
    {
        var pages = await _app.SignInToPagesAsync("owner-fire", language: "zh-CN");
        await NotifyAsync("owner-fire", 99);
        Assert.Equal(("99", "消息: 99 条未读"), Badge(await pages.PageAsync("/findings/mine")));

        await NotifyAsync("owner-fire", 1);
        Assert.Equal(("99+", "消息: 99+ 条未读"), Badge(await pages.PageAsync("/findings/mine")));
        var english = await _app.SignInToPagesAsync("owner-fire", language: "en");
        Assert.Equal(("99+", "Inbox: 99+ unread"), Badge(await english.PageAsync("/findings/mine")));

        var readAll = await pages.PostAsync("/notifications?handler=ReadAll", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await pages.AntiForgeryTokenAsync("/notifications"),
        }));
        Assert.True(readAll.IsSuccessStatusCode || (int)readAll.StatusCode == 302, $"read all answered {(int)readAll.StatusCode}");
        var after = await pages.PageAsync("/findings/mine");
        Assert.DoesNotMatch(Count(), after);
        Assert.Contains("消息: 0 条未读", after, StringComparison.Ordinal);
        Assert.Equal(0, await SavedWork.ReadAsync(_app, async db =>
        {
            var person = await db.Users.SingleAsync(u => u.UserName == "owner-fire");
            return await db.Notifications.CountAsync(n => n.RecipientId == person.Id && !n.Read);
        }));
    }

    /// <summary>Gives the person this many unread notifications, as the sweep's reminders would.</summary>
    private async Task NotifyAsync(string userName, int count) => await SavedWork.ReadAsync(_app, async db =>
    {
        var person = await db.Users.SingleAsync(u => u.UserName == userName);
        db.Notifications.AddRange(Enumerable.Range(0, count).Select(i => new Notification
        {
            RecipientId = person.Id,
            At = DateTimeOffset.UtcNow,
            Kind = "finding.reminder",
            Text = $"提醒 {i}",
        }));
        return await db.SaveChangesAsync();
    });

    private static (string Count, string Label) Badge(string html)
    {
        var count = Count().Match(html);
        Assert.True(count.Success, "the top bar shows no unread count");
        return (count.Groups[1].Value, InboxLabel().Match(html).Groups[1].Value);
    }

    [GeneratedRegex("class=\"count\" data-unread=\"([^\"]+)\"")]
    private static partial Regex Count();

    [GeneratedRegex("class=\"inbox-link\" href=\"/notifications\" aria-label=\"([^\"]+)\"")]
    private static partial Regex InboxLabel();
}
