using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;
using SkiaSharp;

namespace SafetyFlow.BrowserTests;

/// <summary>
/// The whole loop in the browser: the member fails an item on a phone, the owner fixes it, the supervisor rejects,
/// the owner fixes again, the supervisor accepts; then the safety office sees it on a desktop.
/// </summary>
public sealed class ClosedLoopTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Asset = "ext-ck-01";

    [Fact]
    public async Task A_failed_item_goes_round_the_loop_from_the_members_phone_to_the_supervisors_acceptance()
    {
        // The member fails an item with a note and a photo; a reading outside its limits turns to fail before submitting.
        var member = await app.SignInAsync("member-canteen", BrowserApp.Phone);
        await member.GotoAsync("/inspections");
        await BrowserApp.ScreenshotAsync(member, "member-inspections-phone");
        await member.Locator("li.inspection", new() { HasText = "Canteen 1 kitchen" }).Filter(new() { HasText = "extinguisher" }).Locator("a.cover").ClickAsync();
        var inPlace = member.Locator($"fieldset[data-asset='{Asset}'][data-item='in-place']");
        await inPlace.Locator("label.outcome.fail").ClickAsync();
        await inPlace.Locator("textarea").FillAsync("Extinguisher missing from its bracket by the fryer.");
        await inPlace.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "missing.png", MimeType = "image/png", Buffer = Images.Png(SKColors.IndianRed) });

        var gauge = member.Locator($"fieldset[data-asset='{Asset}'][data-item='gauge-pressure']");
        await gauge.Locator("input[inputmode=decimal]").FillAsync("2.1");
        Assert.True(await gauge.Locator("input[type=radio][value=fail]").IsCheckedAsync());
        await Assertions.Expect(gauge.Locator(".limit-warning")).ToContainTextAsync("Outside the limits");
        foreach (var other in new[] { "ext-ck-02", "ext-ck-03" })
        {
            await member.Locator($"fieldset[data-asset='{other}'][data-item='gauge-pressure'] input[inputmode=decimal]").FillAsync("1.2");
        }

        await member.ClickAsync("button.mark-pass");
        await BrowserApp.ScreenshotAsync(member, "member-checklist-phone", fullPage: false);
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(member));
        await member.ClickAsync("button[type=submit].primary");
        await Assertions.Expect(member.Locator(".flash")).ToContainTextAsync("each failure is registered as a finding");
        await Assertions.Expect(member.Locator("img.thumb")).ToHaveCountAsync(1);

        // The owner sees it, sorted by deadline with a due-in badge, and reports the fix with a photo.
        var owner = await app.SignInAsync("owner-fire", BrowserApp.Phone);
        Assert.EndsWith("/findings/mine", owner.Url, StringComparison.Ordinal);
        await Assertions.Expect(owner.Locator("li.finding")).ToHaveCountAsync(2);
        await Assertions.Expect(owner.Locator("li.finding .badge.due-in").First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(owner, "owner-findings-phone");
        await owner.Locator("li.finding", new() { Has = owner.Locator(".severity-general") }).Locator("a.cover").ClickAsync();
        await FixAsync(owner, "Extinguisher back on its bracket.", SKColors.SeaGreen);
        await BrowserApp.ScreenshotAsync(owner, "owner-fix-submitted-phone");

        // The supervisor sees both photos side by side and rejects with a reason.
        var supervisor = await app.SignInAsync("sup-canteen", BrowserApp.Phone);
        Assert.EndsWith("/review", supervisor.Url, StringComparison.Ordinal);
        var card = supervisor.Locator("li.finding").First;
        await Assertions.Expect(card.Locator("img.defect-photo")).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator("img.fix-photo")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(supervisor, "supervisor-queue-phone");
        await card.Locator("a.cover").ClickAsync();
        await Assertions.Expect(supervisor.Locator(".side-by-side img.defect-photo")).ToBeVisibleAsync();
        await Assertions.Expect(supervisor.Locator(".side-by-side img.fix-photo")).ToBeVisibleAsync();
        Assert.True(await PhotoLoadedAsync(supervisor, "img.defect-photo"));
        Assert.True(await PhotoLoadedAsync(supervisor, "img.fix-photo"));
        await supervisor.FillAsync("textarea[name=reason]", "The bracket is still loose.");
        await supervisor.ClickAsync("button.reject");
        await Assertions.Expect(supervisor.Locator(".flash")).ToContainTextAsync("Rejected");
        await Assertions.Expect(supervisor.Locator(".badge.rejected")).ToContainTextAsync("1");

        // The owner fixes again; the supervisor accepts and the finding is closed.
        await owner.GotoAsync("/findings/mine");
        await owner.Locator("li.finding", new() { Has = owner.Locator(".severity-general") }).Locator("a.cover").ClickAsync();
        await Assertions.Expect(owner.Locator(".timeline")).ToContainTextAsync("The bracket is still loose.");
        await FixAsync(owner, "Bracket tightened and extinguisher refitted.", SKColors.CadetBlue);

        await supervisor.GotoAsync("/review");
        await supervisor.Locator("li.finding a.cover").First.ClickAsync();
        await BrowserApp.ScreenshotAsync(supervisor, "supervisor-decision-phone");
        await supervisor.ClickAsync("button.accept");
        await Assertions.Expect(supervisor.Locator(".flash")).ToContainTextAsync("Accepted");
        await Assertions.Expect(supervisor.Locator(".badge.state-Closed")).ToBeVisibleAsync();
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(supervisor));
        var findingUrl = supervisor.Url;

        // The safety office, on a desktop: the dashboard, the finding's full history, the workflow diagram.
        var office = await app.SignInAsync("safety1", BrowserApp.Desktop);
        Assert.EndsWith("/office", office.Url, StringComparison.Ordinal);
        await Assertions.Expect(office.Locator(".tile").Nth(0)).ToContainTextAsync("1");
        await Assertions.Expect(office.Locator("#trend")).ToBeVisibleAsync();
        await office.WaitForFunctionAsync("() => !!window.Chart && !!window.Chart.getChart(document.getElementById('trend'))");
        await BrowserApp.ScreenshotAsync(office, "office-dashboard-desktop");

        await office.GotoAsync(findingUrl);
        var timeline = office.Locator(".timeline li");
        await Assertions.Expect(timeline).ToHaveCountAsync(5);
        await Assertions.Expect(timeline.Nth(0)).ToContainTextAsync("Registered");
        await Assertions.Expect(timeline.Nth(2)).ToContainTextAsync("Rejected");
        await Assertions.Expect(timeline.Nth(4)).ToContainTextAsync("Accepted");
        await BrowserApp.ScreenshotAsync(office, "finding-timeline-desktop");

        await office.GotoAsync("/findings?state=Open");
        await Assertions.Expect(office.Locator("li.finding")).ToHaveCountAsync(1);
        await BrowserApp.ScreenshotAsync(office, "office-search-desktop");

        await office.GotoAsync("/workflow");
        await Assertions.Expect(office.Locator("#diagram svg")).ToBeVisibleAsync();
        await Assertions.Expect(office.Locator("#diagram svg")).ToContainTextAsync("Extension requested");
        await Assertions.Expect(office.Locator("#diagram svg .nodeLabel", new() { HasText = "Fix submitted" })).ToHaveCountAsync(1);
        await Assertions.Expect(office.Locator("#diagram svg")).Not.ToContainTextAsync("FixSubmitted");
        await BrowserApp.ScreenshotAsync(office, "workflow-diagram-desktop");
    }

    private static async Task FixAsync(IPage owner, string note, SKColor color)
    {
        await owner.FillAsync("form.fix textarea[name=note]", note);
        await owner.Locator("form.fix input[type=file]").SetInputFilesAsync(new FilePayload { Name = "fixed.png", MimeType = "image/png", Buffer = Images.Png(color) });
        await owner.ClickAsync("form.fix button[type=submit]");
        await Assertions.Expect(owner.Locator(".flash")).ToContainTextAsync("Fix submitted");
        await Assertions.Expect(owner.Locator(".badge.state-FixSubmitted")).ToBeVisibleAsync();
    }

    private static Task<bool> PhotoLoadedAsync(IPage page, string selector) =>
        page.Locator(selector).First.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0");
}
