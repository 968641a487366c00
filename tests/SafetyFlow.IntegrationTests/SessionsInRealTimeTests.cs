using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>The simulation clock drives deadlines and escalations; sign-in cookies and bearer tokens keep real time.</summary>
public sealed partial class SessionsInRealTimeTests
{
    [Theory]
    [InlineData("P2D")]
    [InlineData("P15D")]
    public async Task A_bearer_token_issued_before_the_clock_moves_days_ahead_still_works_after(string by)
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        var admin = await app.SignInAsync("admin");
        var member = await app.SignInAsync("member-canteen");
        var before = await admin.GetJsonAsync("/api/admin/clock");

        await admin.PostJsonAsync("/api/admin/clock", new { advanceBy = by });

        var after = await admin.GetJsonAsync("/api/admin/clock");
        Assert.Equal(System.Xml.XmlConvert.ToTimeSpan(by), after.GetProperty("now").GetDateTimeOffset() - before.GetProperty("now").GetDateTimeOffset());
        var inspections = await member.GetJsonAsync("/api/inspections?mine=true");
        Assert.NotEqual(0, inspections.GetArrayLength());
        await admin.PostJsonAsync("/api/admin/clock", new { advanceBy = "PT1H" });
    }

    [Theory]
    [InlineData("P2D")]
    [InlineData("P15D")]
    public async Task A_page_signed_in_before_the_clock_moves_days_ahead_stays_signed_in(string by)
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await browser.GetStringAsync("/login");
        var signedIn = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiForgeryField().Match(form).Groups[1].Value,
            ["userName"] = "member-canteen",
            ["password"] = SafetyFlowApp.DemoPassword,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/inspections")).StatusCode);

        await (await app.SignInAsync("admin")).PostJsonAsync("/api/admin/clock", new { advanceBy = by });

        var page = await browser.GetAsync("/inspections");
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{(int)page.StatusCode} {page.Headers.Location}");
        Assert.Contains("一号食堂后厨", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pause_on_sign_in_lasts_its_real_minutes_however_far_the_clock_moves()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?>
        {
            ["SafetyFlow:Auth:RateLimits:PerUserName"] = "10",
        });
        var admin = await app.SignInAsync("admin");
        var anonymous = app.CreateClient();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await anonymous.PostJsonAsync("/api/auth/token", new { userName = "member-dorm", password = "wrong" }, HttpStatusCode.Unauthorized);
        }

        await admin.PostJsonAsync("/api/admin/clock", new { advanceBy = "P2D" });

        // The pause is the rate limiter's (decision 014): it names no account, and its minute is a real one.
        var refused = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "member-dorm", password = SafetyFlowApp.DemoPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryField();
}
