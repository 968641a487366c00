using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>
/// Every page keeps working under its Content-Security-Policy (no inline scripts, no framing): the charts draw, the
/// workflow diagram renders, the checklist reacts, and the browser reports no blocked script or style.
/// </summary>
public sealed class ContentSecurityPolicyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string RecordViolations = """
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
        """;

    [Theory]
    [InlineData("safety1", "/office", "#trend")]
    [InlineData("safety1", "/office/closure", "form.closure-filters")]
    [InlineData("safety1", "/workflow", "#diagram svg")]
    [InlineData("safety1", "/findings", "main")]
    [InlineData("admin", "/admin/people", "main")]
    [InlineData("member-canteen", "/inspections", "main")]
    public async Task A_page_renders_under_its_policy_with_nothing_blocked(string userName, string path, string rendered)
    {
        var page = await app.SignInAsync(userName, BrowserApp.Desktop);
        await page.Context.AddInitScriptAsync(RecordViolations);
        var response = await page.GotoAsync(path);

        var policy = await response!.HeaderValueAsync("content-security-policy") ?? "";
        var scripts = policy.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.Equal("script-src 'self'", scripts);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", await response.HeaderValueAsync("x-content-type-options"));

        await Assertions.Expect(page.Locator(rendered).First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));
    }

    [Fact]
    public async Task The_checklist_turns_a_reading_to_fail_as_it_is_typed_with_scripts_from_its_own_origin_only()
    {
        var inspection = await Steps.InspectionIdAsync(app, "member-canteen", "z-canteen-kitchen", "weekly-electrical-check");
        var page = await app.SignInAsync("member-canteen", BrowserApp.Phone);
        await page.Context.AddInitScriptAsync(RecordViolations);
        await page.GotoAsync($"/inspections/{inspection}");
        var reading = page.Locator("fieldset[data-item='surface-temperature']").First;
        await reading.Locator("input[inputmode=decimal]").PressSequentiallyAsync("455");
        await Assertions.Expect(reading.Locator("input[type=radio][value=fail]")).ToBeCheckedAsync();
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));

        // An inline script slipped into the page would be refused, and the refusal is seen.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.body.appendChild(s); }");
        Assert.False(await page.EvaluateAsync<bool>("() => window.__ran === true"));
        Assert.Contains(await page.EvaluateAsync<string[]>("() => window.__violations"), v => v.StartsWith("script-src", StringComparison.Ordinal));
    }
}
