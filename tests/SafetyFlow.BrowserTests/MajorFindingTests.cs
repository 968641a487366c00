using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;
using SkiaSharp;

namespace SafetyFlow.BrowserTests;

/// <summary>A major finding: the five fixes before the fix, an extension asked and granted, and photos kept to those who may see them.</summary>
public sealed class MajorFindingTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_major_finding_needs_the_five_fixes_and_may_get_a_longer_deadline_from_the_supervisor()
    {
        var member = await app.SignInAsync("member-canteen", BrowserApp.Phone);
        await member.GotoAsync("/inspections");
        await member.Locator("li.inspection", new() { HasText = "dining hall" }).Filter(new() { HasText = "extinguisher" }).Locator("a.cover").ClickAsync();
        var gauge = member.Locator("fieldset[data-asset='ext-ch-01'][data-item='gauge-green']");
        await gauge.Locator("label.outcome.fail").ClickAsync();
        await gauge.Locator("textarea").FillAsync("Needle in the red.");
        await gauge.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "gauge.png", MimeType = "image/png", Buffer = Images.Png(SKColors.OrangeRed) });
        foreach (var reading in await member.Locator("input[inputmode=decimal]").AllAsync())
        {
            await reading.FillAsync("1.2");
        }

        await member.ClickAsync("button.mark-pass");
        await member.ClickAsync("button[type=submit].primary");
        await Assertions.Expect(member.Locator(".flash")).ToContainTextAsync("each failure is registered as a finding");
        var photoPath = await member.Locator("img.thumb").First.GetAttributeAsync("src");

        // The owner cannot report the fix before the five fixes; records them, then asks for more time.
        var owner = await app.SignInAsync("owner-fire", BrowserApp.Phone);
        await owner.Locator("li.finding", new() { Has = owner.Locator(".severity-major") }).Locator("a.cover").ClickAsync();
        await Assertions.Expect(owner.Locator("form.fix")).ToHaveCountAsync(0);
        await owner.FillAsync("form.five-fixes textarea[name=measures]", "Replace the extinguisher with a serviced one.");
        await owner.FillAsync("form.five-fixes input[name=funds]", "CNY 300, maintenance budget");
        await owner.FillAsync("form.five-fixes input[name=responsiblePerson]", "Wang Qiang");
        await owner.FillAsync("form.five-fixes input[name=deadline]", "2026-11-24");
        await owner.FillAsync("form.five-fixes textarea[name=contingencyPlan]", "A spare extinguisher stands by the hall door meanwhile.");
        await owner.ClickAsync("form.five-fixes button[type=submit]");
        await Assertions.Expect(owner.Locator(".flash")).ToContainTextAsync("five fixes are recorded");
        await Assertions.Expect(owner.Locator("form.fix")).ToBeVisibleAsync();

        await owner.ClickAsync("details.extension summary");
        await owner.FillAsync("details.extension input[name=dueOn]", "2026-11-27");
        await owner.FillAsync("details.extension textarea[name=reason]", "The supplier delivers on Thursday.");
        await owner.ClickAsync("details.extension button[type=submit]");
        await Assertions.Expect(owner.Locator(".flash")).ToContainTextAsync("Extension request sent");
        await BrowserApp.ScreenshotAsync(owner, "owner-major-finding-phone");

        // The supervisor sees the request in the queue and approves it; the deadline moves.
        var supervisor = await app.SignInAsync("sup-canteen", BrowserApp.Phone);
        var request = supervisor.Locator("li.finding", new() { Has = supervisor.Locator(".badge.pending") });
        await Assertions.Expect(request).ToHaveCountAsync(1);
        await request.Locator("a.cover").ClickAsync();
        await supervisor.ClickAsync("form.inline-form button.primary");
        await Assertions.Expect(supervisor.Locator(".flash")).ToContainTextAsync("Extension approved");
        await Assertions.Expect(supervisor.Locator("dl.facts").First).ToContainTextAsync("2026-11-27 18:00");

        // A member of another zone cannot open the photo; its supervisor can.
        var other = await app.SignInAsync("member-dorm", BrowserApp.Phone);
        var refused = await other.GotoAsync(photoPath!);
        Assert.Equal(404, refused!.Status);
        var allowed = await supervisor.GotoAsync(photoPath!);
        Assert.Equal(200, allowed!.Status);
        Assert.Equal("image/jpeg", await allowed.HeaderValueAsync("content-type"));
    }

    [Fact]
    public async Task Pages_need_a_sign_in_while_the_API_keeps_answering_401()
    {
        var page = await app.OpenAsync(BrowserApp.Phone);
        await page.GotoAsync("/findings/mine");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        var api = await page.APIRequest.GetAsync("/api/findings");
        Assert.Equal(401, api.Status);
    }
}
