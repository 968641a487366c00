using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// Each kind of API route takes a body no larger than it needs; a larger one is refused before it is read. Run on the
/// real server (Kestrel enforces the limit), as its own process.
/// </summary>
public sealed class BodyLimitTests
{
    [Fact]
    public async Task A_json_call_over_a_megabyte_is_refused_with_413_while_the_org_import_takes_more()
    {
        using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__SafetyFlow"] = TestDatabase.ConnectionString(SafetyFlowApp.NewDatabase()),
            ["SafetyFlow__Demo__Enabled"] = "true",
        });
        using var admin = new HttpClient { BaseAddress = app.Address };
        var token = await admin.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = SafetyFlowApp.DemoPassword });
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var note = new string('x', 1_100_000);

        var fix = await admin.PostAsync($"/api/findings/{Guid.NewGuid()}/fix", Json($"{{\"note\":\"{note}\"}}"));
        Assert.True(fix.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)fix.StatusCode}: {await fix.Content.ReadAsStringAsync()}");

        // The same size is read by the import, which answers about its content.
        var import = await admin.PostAsync("/api/org/import", Json($"{{\"units\":[{{\"key\":\"big\",\"name\":\"{note}\"}}]}}"));
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Contains("units[0].name", await import.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // An ordinary call is untouched.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/findings")).StatusCode);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
