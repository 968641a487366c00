using System.Net;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Security;

/// <summary>
/// Outside Development, as its own process on Kestrel: plain HTTP is sent to HTTPS, HTTPS answers carry HSTS, and a
/// proxy on the same machine that terminates TLS is believed about the scheme it was asked on.
/// </summary>
public sealed class TransportTests
{
    [Fact]
    public async Task Plain_http_is_redirected_to_https_and_a_request_the_proxy_took_over_https_gets_hsts_and_security_headers()
    {
        using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__SafetyFlow"] = TestDatabase.ConnectionString(SafetyFlowApp.NewDatabase()),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["SafetyFlow__Demo__Enabled"] = "true",
            ["SafetyFlow__Bootstrap__AdminPassword"] = SafetyFlowApp.DemoPassword,
            ["HTTPS_PORT"] = "8443",
        });
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Address };

        var plain = await client.GetAsync("/login");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal($"https://127.0.0.1:8443/login", plain.Headers.Location!.ToString());
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));

        using var viaProxy = new HttpRequestMessage(HttpMethod.Get, "/login");
        viaProxy.Headers.Add("X-Forwarded-Proto", "https");
        viaProxy.Headers.Add("X-Forwarded-For", "203.0.113.7");
        viaProxy.Headers.Add("X-Forwarded-Host", "safety.example.com");
        var secure = await client.SendAsync(viaProxy);
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        var hsts = Assert.Single(secure.Headers.GetValues("Strict-Transport-Security"));
        Assert.Contains("max-age=31536000", hsts, StringComparison.Ordinal);
        Assert.Contains("includeSubDomains", hsts, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", Assert.Single(secure.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(secure.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(secure.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Api_answers_carry_a_policy_that_lets_nothing_run_and_pages_one_that_allows_only_their_own_scripts()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var api = await client.GetAsync("/health");
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Assert.Single(api.Headers.GetValues("Content-Security-Policy")).TrimEnd(';', ' '));
        Assert.Equal("nosniff", Assert.Single(api.Headers.GetValues("X-Content-Type-Options")));

        var login = await client.GetAsync("/login");
        var policy = Assert.Single(login.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", policy, StringComparison.Ordinal);
    }
}
