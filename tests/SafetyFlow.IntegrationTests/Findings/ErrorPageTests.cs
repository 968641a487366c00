using System.Net;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Findings;

/// <summary>
/// Pages answer errors with the product's page in the page's language and the status kept; the API keeps problem details.
/// </summary>
public sealed class ErrorPageTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("en", "Page not found", "Not allowed")]
    [InlineData("zh-CN", "找不到该页面", "无权访问")]
    public async Task An_unknown_address_a_finding_out_of_scope_and_the_job_dashboard_for_a_non_admin_show_the_product_page(string language, string notFound, string notAllowed)
    {
        var member = await _app.SignInToPagesAsync("member-canteen", language: language);
        member.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        foreach (var path in new[] { "/no-such-page", $"/findings/{Guid.NewGuid()}", "/zones/no-such-zone/inspect" })
        {
            var response = await member.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "text/html", $"{path} answered {response.Content.Headers.ContentType}: {html}");
            Assert.Contains(notFound, WebUtility.HtmlDecode(html));
            Assert.Contains("class=\"top\"", html);
        }

        var dashboard = await member.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Forbidden, dashboard.StatusCode);
        Assert.Contains(notAllowed, WebUtility.HtmlDecode(await dashboard.Content.ReadAsStringAsync()));

        // The language switch on an error page goes back to the address that failed.
        Assert.Contains("name=\"returnUrl\" value=\"/no-such-page\"", await (await member.GetAsync("/no-such-page")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_api_keeps_problem_details()
    {
        var member = await _app.SignInAsync("member-canteen");
        var missing = await member.GetAsync($"/api/findings/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.NotEqual("text/html", missing.Content.Headers.ContentType?.MediaType);

        var unknown = await member.GetAsync("/api/no-such-route");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Signed_out_the_job_dashboard_sends_to_the_sign_in_page_and_back()
    {
        var anonymous = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await anonymous.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2Fhangfire", response.Headers.Location!.PathAndQuery);
    }
}
