using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SafetyFlow.Load;

/// <summary>Signs in to a running SafetyFlow: a bearer token for the API, or a cookie for the pages.</summary>
public static partial class AppClient
{
    public static HttpClient Anonymous(Uri baseAddress, CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = cookies is not null, MaxConnectionsPerServer = 256 })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(30),
        };

    /// <summary>A client carrying <paramref name="userName"/>'s bearer token.</summary>
    public static async Task<HttpClient> WithTokenAsync(Uri baseAddress, string userName, string password, CancellationToken cancellationToken)
    {
        var client = Anonymous(baseAddress);
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Signing in as {userName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client signed in to the pages through <c>/login</c>, with its anti-forgery token, as a browser would.</summary>
    public static async Task<HttpClient> WithCookieAsync(Uri baseAddress, string userName, string password, CancellationToken cancellationToken)
    {
        var client = Anonymous(baseAddress, new CookieContainer());
        var form = await client.GetStringAsync(new Uri("/login", UriKind.Relative), cancellationToken);
        var antiforgery = AntiforgeryField().Match(form);
        if (!antiforgery.Success)
        {
            throw new InvalidOperationException("The sign-in page carries no anti-forgery token.");
        }

        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName,
            ["password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
        });
        var response = await client.PostAsync(new Uri("/login", UriKind.Relative), body, cancellationToken);
        if (!response.IsSuccessStatusCode || response.RequestMessage?.RequestUri?.AbsolutePath == "/login")
        {
            throw new InvalidOperationException($"Signing in to the pages as {userName} failed: {(int)response.StatusCode}.");
        }

        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
