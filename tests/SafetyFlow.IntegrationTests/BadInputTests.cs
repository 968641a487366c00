using System.Net;
using System.Net.Http.Json;
using System.Text;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>Bad input gets a 400 that names the field, and nothing already stored is touched.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Checklist_answers_that_do_not_fit_the_checklist_are_refused_with_their_paths_and_nothing_is_stored()
    {
        var member = await _app.SignInAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var reading = checklist.BoundedReading();
        var readingId = reading.GetProperty("itemId").GetString()!;
        var check = checklist.ItemOf("check", "general");

        var body = new
        {
            results = new object[]
            {
                new { asset = checklist.Assets[0], itemId = check, outcome = "maybe" },
                new { asset = "no-such-asset", itemId = check, outcome = "pass" },
                new { asset = checklist.Assets[0], itemId = "no-such-item", outcome = "pass" },
                new { asset = checklist.Assets[0], itemId = readingId, outcome = "pass", value = reading.GetProperty("max").GetDecimal() + 1 },
            },
        };
        var problem = await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", body, HttpStatusCode.BadRequest);
        var errors = problem.Errors();
        Assert.Contains("results[0].outcome", errors.Keys);

        // The shape is checked first; once it is right, the answers are checked against the checklist.
        body = new
        {
            results = new object[]
            {
                new { asset = "no-such-asset", itemId = check, outcome = "pass" },
                new { asset = checklist.Assets[0], itemId = "no-such-item", outcome = "pass" },
                new { asset = checklist.Assets[0], itemId = readingId, outcome = "pass", value = reading.GetProperty("max").GetDecimal() + 1 },
                new { asset = checklist.Assets[0], itemId = check, outcome = "pass", value = 3.0 },
            },
        };
        errors = (await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", body, HttpStatusCode.BadRequest)).Errors();
        Assert.Contains("results[0].asset", errors.Keys);
        Assert.Contains("results[1].itemId", errors.Keys);
        Assert.Contains("results[2].outcome", errors.Keys);
        Assert.Contains("results[3].value", errors.Keys);
        Assert.Contains("results", errors.Keys);
        Assert.Contains("missing", errors["results"][0]);

        var inspection = await member.GetJsonAsync($"/api/inspections/{checklist.Id}");
        Assert.Equal("due", inspection.GetProperty("status").GetString());
        Assert.Empty(await member.GetJsonAsync("/api/findings").ContinueWith(t => t.Result.EnumerateArray().ToList()));
    }

    [Fact]
    public async Task A_body_that_is_not_json_or_has_a_wrongly_typed_value_is_a_400_naming_the_field()
    {
        var member = await _app.SignInAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");

        var garbled = await member.PostAsync($"/api/inspections/{checklist.Id}/submit", new StringContent("{ not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbled.StatusCode);
        Assert.Equal("application/problem+json", garbled.Content.Headers.ContentType?.MediaType);

        var wrongType = await member.PostAsync(
            $"/api/inspections/{checklist.Id}/submit",
            new StringContent("""{ "results": [ { "asset": "a", "itemId": "b", "value": "high" } ] }""", Encoding.UTF8, "application/json"));
        var errors = (await wrongType.ReadJsonAsync(HttpStatusCode.BadRequest)).Errors();
        Assert.Contains("results[0].value", errors.Keys);
    }

    [Fact]
    public async Task An_org_document_with_one_bad_row_is_refused_whole_naming_the_row()
    {
        var admin = await _app.SignInAsync("admin");
        var problem = await admin.PostJsonAsync("/api/org/import", new
        {
            units = new object[] { new { key = "workshop", name = "Workshop", parent = "svc" } },
            users = new object[] { new { userName = "member9", displayName = "Sun Wu", password = "Demo!2026", roles = new[] { "Member" }, unit = "workshop" } },
            zones = new object[] { new { key = "z-workshop", name = "Workshop floor", unit = "workshop", member = "member9" } },
            assets = new object[]
            {
                new { key = "ext-ws-01", name = "Extinguisher W-01", type = "extinguisher", zone = "z-workshop", owner = "owner-fire" },
                new { key = "ext-ws-02", name = "Extinguisher W-02", type = "extinguisher", zone = "z-nowhere", owner = "owner-fire" },
            },
        }, HttpStatusCode.BadRequest);
        Assert.Equal(["assets[1].zone"], problem.Errors().Keys);

        var typeProblem = await admin.PostJsonAsync("/api/org/import", new
        {
            assets = new object[] { new { key = "x-1", name = "Boiler", type = "boiler", zone = "z-dorm-a", owner = "owner-fire" } },
        }, HttpStatusCode.BadRequest);
        Assert.Contains("assets[0].type", typeProblem.Errors().Keys);

        var safety = await _app.SignInAsync("safety1");
        var round = await admin.PostJsonAsync("/api/rounds", new { week = "2026-W49" });
        Assert.DoesNotContain("z-workshop", (await safety.GetJsonAsync("/api/inspections?week=2026-W49")).EnumerateArray().Select(i => i.GetProperty("zone").GetString()));
        Assert.True(round.GetProperty("created").GetInt32() > 0);
        await _app.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "member9", password = "Demo!2026" })
            .ContinueWith(t => Assert.Equal(HttpStatusCode.Unauthorized, t.Result.StatusCode));
    }

    [Fact]
    public async Task Other_requests_name_their_bad_fields()
    {
        var admin = await _app.SignInAsync("admin");
        Assert.Contains("week", (await admin.PostJsonAsync("/api/rounds", new { week = "2026-48" }, HttpStatusCode.BadRequest)).Errors().Keys);
        Assert.Contains("advanceBy", (await admin.PostJsonAsync("/api/admin/clock", new { advanceBy = "two days" }, HttpStatusCode.BadRequest)).Errors().Keys);
        Assert.Contains("groupBy", (await admin.GetJsonAsync("/api/reports/closure?groupBy=colour", HttpStatusCode.BadRequest)).Errors().Keys);
        Assert.Contains("status", (await admin.GetJsonAsync("/api/inspections?status=late", HttpStatusCode.BadRequest)).Errors().Keys);

        var findingId = await EscalationTests.RaiseGeneralFindingAsync(_app);
        var owner = await _app.SignInAsync("owner-fire");
        Assert.Contains("note", (await owner.PostJsonAsync($"/api/findings/{findingId}/fix", new { note = "" }, HttpStatusCode.BadRequest)).Errors().Keys);
        var extension = (await owner.PostJsonAsync($"/api/findings/{findingId}/extension", new { reason = "" }, HttpStatusCode.BadRequest)).Errors();
        Assert.Contains("dueAt", extension.Keys);
        Assert.Contains("reason", extension.Keys);
        var supervisor = await _app.SignInAsync("sup-canteen");
        Assert.Contains("reason", (await supervisor.PostJsonAsync($"/api/findings/{findingId}/reject", new { }, HttpStatusCode.BadRequest)).Errors().Keys);
        await owner.GetJsonAsync($"/api/findings/{Guid.NewGuid()}", HttpStatusCode.NotFound);
    }
}
