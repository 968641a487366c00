using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>The routes other programs rely on answer as the contract says.</summary>
public sealed class ContractTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Sign_in_gives_a_bearer_token_and_every_api_route_wants_one()
    {
        var anonymous = _app.CreateClient();
        var token = await (await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "member-canteen", password = SafetyFlowApp.DemoPassword })).ReadJsonAsync();
        Assert.False(string.IsNullOrEmpty(token.GetProperty("accessToken").GetString()));
        Assert.Equal(3600, token.GetProperty("expiresIn").GetInt32());

        var wrong = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "member-canteen", password = "nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);

        foreach (var route in new[] { "/api/workflows", "/api/inspections", "/api/findings", "/api/notifications", "/api/reports/closure" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(route)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Roles_are_enforced_on_admin_and_safety_office_routes()
    {
        var member = await _app.SignInAsync("member-canteen");
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync("/api/rounds", new { week = "2026-W48" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync("/api/org/import", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync("/api/admin/clock", new { advanceBy = "P1D" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/reports/closure")).StatusCode);
    }

    [Fact]
    public async Task Workflows_list_the_four_checklists_and_the_lifecycle_with_its_diagram()
    {
        var client = await _app.SignInAsync("safety1");
        var list = await client.GetJsonAsync("/api/workflows");
        var byId = list.EnumerateArray().ToDictionary(w => w.GetProperty("id").GetString()!);
        Assert.Equal("extinguisher", byId["weekly-extinguisher-check"].GetProperty("assetType").GetString());
        Assert.Equal("hydrant", byId["weekly-hydrant-check"].GetProperty("assetType").GetString());
        Assert.Equal("electrical", byId["weekly-electrical-check"].GetProperty("assetType").GetString());
        Assert.Equal("kitchen", byId["weekly-food-safety-check"].GetProperty("assetType").GetString());
        Assert.Equal("rectification", byId["rectification"].GetProperty("kind").GetString());
        Assert.All(byId.Values, w => Assert.Equal(1, w.GetProperty("version").GetInt32()));

        var extinguisher = await client.GetJsonAsync("/api/workflows/weekly-extinguisher-check");
        var items = extinguisher.GetProperty("items").EnumerateArray().ToList();
        Assert.True(items.Count >= 10);
        Assert.All(items, i =>
        {
            Assert.Contains(i.GetProperty("kind").GetString(), new[] { "check", "reading" });
            Assert.Contains(i.GetProperty("severity").GetString(), new[] { "general", "major" });
            Assert.False(string.IsNullOrEmpty(i.GetProperty("reference").GetString()));
        });

        var rectification = await client.GetJsonAsync("/api/workflows/rectification");
        var diagram = rectification.GetProperty("diagram").GetString()!;
        Assert.StartsWith("stateDiagram-v2", diagram.TrimStart());
        Assert.Contains("FixSubmitted", diagram);

        var chinese = new HttpRequestMessage(HttpMethod.Get, "/api/workflows/weekly-extinguisher-check");
        chinese.Headers.AcceptLanguage.ParseAdd("zh-CN");
        chinese.Headers.Authorization = client.DefaultRequestHeaders.Authorization;
        var zh = await (await client.SendAsync(chinese)).ReadJsonAsync();
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", zh.GetProperty("items")[0].GetProperty("text").GetString()!);

        await client.GetJsonAsync("/api/workflows/no-such-workflow", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_round_creates_one_inspection_per_zone_and_checklist_and_creates_nothing_the_second_time()
    {
        var office = await _app.SignInAsync("safety1");
        var first = await office.PostJsonAsync("/api/rounds", new { week = "2026-W50" });
        var created = first.GetProperty("created").GetInt32();

        // Demo: extinguishers in 4 zones, hydrants in 3, electrical boards in 4, a kitchen in 1.
        Assert.Equal(12, created);
        Assert.Equal(0, first.GetProperty("existing").GetInt32());

        var second = await office.PostJsonAsync("/api/rounds", new { week = "2026-W50" });
        Assert.Equal(0, second.GetProperty("created").GetInt32());
        Assert.Equal(created, second.GetProperty("existing").GetInt32());

        var inspections = (await office.GetJsonAsync("/api/inspections?week=2026-W50")).EnumerateArray().ToList();
        Assert.Equal(created, inspections.Count);
        Assert.All(inspections, i =>
        {
            var window = i.GetProperty("visitWindow");
            var start = window.GetProperty("start").GetDateTimeOffset();
            Assert.InRange(start, new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.FromHours(8)), new DateTimeOffset(2026, 12, 13, 18, 0, 0, TimeSpan.FromHours(8)));
            Assert.Equal(new DateTimeOffset(2026, 12, 14, 0, 0, 0, TimeSpan.FromHours(8)), i.GetProperty("dueAt").GetDateTimeOffset());
        });
    }

    [Fact]
    public async Task Members_see_their_own_inspections_with_the_visit_window_and_owners_see_none()
    {
        var member = await _app.SignInAsync("member-dorm");
        var mine = (await member.GetJsonAsync("/api/inspections?mine=true&status=due")).EnumerateArray().ToList();
        Assert.NotEmpty(mine);
        Assert.All(mine, i =>
        {
            Assert.Equal("z-dorm-a", i.GetProperty("zone").GetString());
            Assert.Equal("2026-W48", i.GetProperty("week").GetString());
            Assert.Equal("due", i.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Object, i.GetProperty("visitWindow").ValueKind);
        });

        var owner = await _app.SignInAsync("owner-fire");
        Assert.Empty((await owner.GetJsonAsync("/api/inspections")).EnumerateArray());
        await owner.GetJsonAsync($"/api/inspections/{mine[0].GetProperty("id").GetString()}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_openapi_document_and_the_api_reference_are_served()
    {
        var client = _app.CreateClient();
        var openApi = await client.GetJsonAsync("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/findings/{id}/approve", out _));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar")).StatusCode);
    }

    [Fact]
    public async Task With_the_system_clock_the_clock_routes_answer_404()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?> { ["SafetyFlow:Clock:Mode"] = "System" });
        var admin = await app.SignInAsync("admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/clock")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/admin/clock", new { advanceBy = "P1D" })).StatusCode);
    }
}
