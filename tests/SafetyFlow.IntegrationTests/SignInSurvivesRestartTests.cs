using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>The keys behind sign-in cookies live in the database: another node, or the same one restarted, accepts them.</summary>
public sealed class SignInSurvivesRestartTests
{
    [Fact]
    public async Task A_person_signed_in_on_one_instance_stays_signed_in_on_another_instance_of_the_same_database()
    {
        var database = SafetyFlowApp.NewDatabase();
        string cookie;
        await using (var first = new SafetyFlowApp(database))
        {
            var browser = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var token = await browser.AntiForgeryTokenAsync("/login");
            var signedIn = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["userName"] = "safety1",
                ["password"] = SafetyFlowApp.DemoPassword,
            }));
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            cookie = string.Join("; ", signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
            Assert.Equal(HttpStatusCode.OK, (await Get(first, "/office", cookie)).StatusCode);
        }

        // Another node: its own process and home folder, so the only key ring it can share is the database's.
        using var second = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__SafetyFlow"] = TestDatabase.ConnectionString(database),
            ["SafetyFlow__Clock__Mode"] = "Manual",
        });
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = second.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/office");
        request.Headers.Add("Cookie", cookie);
        var page = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("李娜", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> Get(SafetyFlowApp app, string path, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
