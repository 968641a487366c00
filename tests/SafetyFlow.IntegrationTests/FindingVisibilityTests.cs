using System.Net;
using System.Text.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// A finding the caller may not see answers 404 whatever its state, the same as one that does not exist; only
/// people who may see it are told that they may not act (403) or that its state refuses the action (409).
/// </summary>
public sealed class FindingVisibilityTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());
    private string _open = "";
    private string _closed = "";

    public async Task InitializeAsync()
    {
        _open = await EscalationTests.RaiseGeneralFindingAsync(_app);
        _closed = await EscalationTests.RaiseGeneralFindingAsync(_app, "member-dorm", "z-dorm-a");
        var closedOwner = (await (await _app.SignInAsync("safety1")).GetJsonAsync($"/api/findings/{_closed}")).GetProperty("owner").GetString()!;
        await (await _app.SignInAsync(closedOwner)).PostJsonAsync($"/api/findings/{_closed}/fix", new { note = "fixed" });
        await (await _app.SignInAsync("sup-dorm")).PostJsonAsync($"/api/findings/{_closed}/approve", new { });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("owner-electric")]
    [InlineData("sup-dorm")]
    [InlineData("member-office")]
    public async Task Someone_who_may_not_see_a_finding_gets_the_same_404_for_it_open_closed_or_missing(string userName)
    {
        var outsider = await _app.SignInAsync(userName);
        var open = await outsider.PostAsync($"/api/findings/{_open}/approve", JsonBody("{}"));
        var missing = await outsider.PostAsync($"/api/findings/{Guid.NewGuid()}/approve", JsonBody("{}"));

        Assert.Equal(HttpStatusCode.NotFound, open.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(await ShapeAsync(missing), await ShapeAsync(open));
        if (userName != "sup-dorm")
        {
            // sup-dorm accepted the closed one and may still see it.
            var closed = await outsider.PostAsync($"/api/findings/{_closed}/approve", JsonBody("{}"));
            Assert.Equal(HttpStatusCode.NotFound, closed.StatusCode);
            Assert.Equal(await ShapeAsync(missing), await ShapeAsync(closed));
        }

        foreach (var action in new[] { "fix", "reject", "extension", "five-fixes", "extension/approve", "extension/decline" })
        {
            var body = action switch
            {
                "fix" => """{ "note": "x" }""",
                "reject" => """{ "reason": "x" }""",
                "extension" => """{ "dueAt": "2026-12-10T18:00:00+08:00", "reason": "x" }""",
                "five-fixes" => """{ "measures": "m", "funds": "f", "responsiblePerson": "p", "deadline": "2026-12-10T18:00:00+08:00", "contingencyPlan": "c" }""",
                _ => "{}",
            };
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsync($"/api/findings/{_open}/{action}", JsonBody(body))).StatusCode);
        }
    }

    [Fact]
    public async Task Someone_who_may_see_a_finding_is_told_why_they_may_not_act()
    {
        // The canteen supervisor sees the open finding: wrong state, 409.
        var supervisor = await _app.SignInAsync("sup-canteen");
        var tooEarly = await supervisor.PostJsonAsync($"/api/findings/{_open}/approve", new { }, HttpStatusCode.Conflict);
        Assert.Contains("Open", tooEarly.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The dormitory supervisor accepted the closed one: they still see it, so a second decision is a 409.
        var again = await (await _app.SignInAsync("sup-dorm")).PostJsonAsync($"/api/findings/{_closed}/approve", new { }, HttpStatusCode.Conflict);
        Assert.Contains("Closed", again.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The owner sees their finding but is no supervisor: 403.
        var owner = await _app.SignInAsync("owner-fire");
        await owner.PostJsonAsync($"/api/findings/{_open}/fix", new { note = "fixed" });
        var refused = await owner.PostJsonAsync($"/api/findings/{_open}/approve", new { }, HttpStatusCode.Forbidden);
        Assert.Equal("Not allowed", refused.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_finding_page_answers_404_to_a_form_posted_by_someone_who_may_not_see_it()
    {
        var outsider = await _app.SignInToPagesAsync("owner-electric");
        var token = await outsider.AntiForgeryTokenAsync("/findings");

        var approve = await outsider.PostAsync($"/findings/{_open}?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
    }

    private static StringContent JsonBody(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    /// <summary>What a 404 tells the caller: its status, content type and the problem's fields other than the trace id.</summary>
    private static async Task<string> ShapeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var fields = text.Length == 0
            ? ""
            : string.Join(",", JsonDocument.Parse(text).RootElement.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}"));
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {fields}";
    }
}
