using System.Net;
using System.Net.Http.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Operations;

/// <summary>
/// Behind a load balancer that terminates TLS: a request through a proxy named in <c>SafetyFlow:Proxy:KnownProxies</c>
/// is taken as HTTPS from the client's address; the same headers from any other address are ignored. (The test host
/// sets the connection's address from a test-only header, before the app's forwarded-headers step reads it.)
/// </summary>
public sealed class ForwardedHeadersTests : IAsyncLifetime
{
    private const string KnownProxy = "10.0.0.5";
    private const string UnknownProxy = "198.51.100.9";

    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?>
    {
        ["SafetyFlow:Proxy:KnownProxies:0"] = KnownProxy,
        ["SafetyFlow:Auth:RateLimits:PerAddress"] = "3",
    });

    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Through_a_known_proxy_a_request_is_https_for_the_host_the_client_asked_for()
    {
        // HSTS is sent on HTTPS answers only, and never for localhost: its presence shows both the scheme and the host.
        var known = await _client.SendAsync(Forwarded(HttpMethod.Get, "/health/live", KnownProxy, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Contains("max-age=31536000", Assert.Single(known.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);

        var unknown = await _client.SendAsync(Forwarded(HttpMethod.Get, "/health/live", UnknownProxy, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.False(unknown.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Through_a_known_proxy_each_client_address_has_its_own_sign_in_limit_and_through_an_unknown_one_they_share_the_proxys()
    {
        // Three attempts per address: the fourth from the same client is refused, another client behind the proxy is not.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await _client.SendAsync(SignIn(KnownProxy, "203.0.113.7"))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await _client.SendAsync(SignIn(KnownProxy, "203.0.113.7"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(SignIn(KnownProxy, "203.0.113.8"))).StatusCode);

        // Through a proxy nobody named, X-Forwarded-For is not believed: every client counts as the proxy's address.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await _client.SendAsync(SignIn(UnknownProxy, $"203.0.113.{20 + attempt}"))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await _client.SendAsync(SignIn(UnknownProxy, "203.0.113.30"))).StatusCode);
    }

    private static HttpRequestMessage SignIn(string proxy, string client)
    {
        var request = Forwarded(HttpMethod.Post, "/api/auth/token", proxy, client);
        request.Content = JsonContent.Create(new { userName = "safety1", password = "not the password" });
        return request;
    }

    private static HttpRequestMessage Forwarded(HttpMethod method, string path, string proxy, string client)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(ClientAddressFromHeader.Header, proxy);
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "safety.example.com");
        return request;
    }
}
