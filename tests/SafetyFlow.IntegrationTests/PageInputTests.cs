using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>Page forms refuse the NUL character, which PostgreSQL cannot store, before any handler runs: 400, never 500.</summary>
public sealed class PageInputTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_form_field_holding_the_nul_character_is_refused_with_400()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await browser.AntiForgeryTokenAsync("/login");

        var refused = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["userName"] = "admin\0",
            ["password"] = SafetyFlowApp.DemoPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        // The same form without it signs in.
        var signedIn = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["userName"] = "admin",
            ["password"] = SafetyFlowApp.DemoPassword,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }
}
