using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>The web pages as a signed-in browser gets them: the sign-in cookie kept, pages read as HTML.</summary>
internal static partial class PageClients
{
    /// <summary>
    /// A client that signed in through the login form and keeps its cookie; with a <paramref name="language"/>, one that
    /// chose that page language with the language switch (its cookie), which wins over the person's saved language.
    /// </summary>
    public static async Task<HttpClient> SignInToPagesAsync(this SafetyFlowApp app, string userName, string password = SafetyFlowApp.DemoPassword, string? language = null)
    {
        var cookies = new CookieContainer();
        var client = app.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
        if (language is not null)
        {
            cookies.Add(new Uri("http://localhost"), new Cookie(".SafetyFlow.Culture", Uri.EscapeDataString($"c={language}|uic={language}")));
        }

        var form = await client.GetStringAsync("/login");
        var signedIn = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiForgeryField().Match(form).Groups[1].Value,
            ["userName"] = userName,
            ["password"] = password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    /// <summary>The anti-forgery token a page's form carries.</summary>
    public static async Task<string> AntiForgeryTokenAsync(this HttpClient client, string path) =>
        AntiForgeryField().Match(await client.GetStringAsync(path)).Groups[1].Value;

    /// <summary>The page's HTML, failing unless it answered 200.</summary>
    public static async Task<string> PageAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
        return WebUtility.HtmlDecode(html);
    }

    /// <summary>The values of an HTML attribute across the page, in order, e.g. every <c>data-zone</c>.</summary>
    public static IReadOnlyList<string> AttributeValues(string html, string attribute) =>
        [.. Regex.Matches(html, $"{Regex.Escape(attribute)}=\"([^\"]*)\"").Select(m => m.Groups[1].Value)];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryField();
}
