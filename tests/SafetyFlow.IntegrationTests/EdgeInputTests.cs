using System.Net;
using System.Net.Http.Json;
using System.Text;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>Input at the edges (far years, null rows, near-miss roles, text for numbers, overlong values) gets a 400 naming the field.</summary>
public sealed class EdgeInputTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Weeks_months_and_dates_outside_the_supported_years_are_refused_naming_the_field()
    {
        var admin = await _app.SignInAsync("admin");
        foreach (var week in new[] { "0000-W01", "9999-W52" })
        {
            AssertNames("week", "2000 to 2100", await admin.PostJsonAsync("/api/rounds", new { week }, HttpStatusCode.BadRequest));
            AssertNames("week", "2000 to 2100", await admin.GetJsonAsync($"/api/inspections?week={week}", HttpStatusCode.BadRequest));
        }

        foreach (var report in new[] { "/api/reports/closure?", "/api/reports/register?format=csv&" })
        {
            AssertNames("from", "2000 to 2100", await admin.GetJsonAsync($"{report}from=0001-01-01", HttpStatusCode.BadRequest));
            AssertNames("to", "2000 to 2100", await admin.GetJsonAsync($"{report}to=9999-12-31", HttpStatusCode.BadRequest));
            AssertNames("to", "2000 to 2100", await admin.GetJsonAsync($"{report}to=9999-12-31T23:59:59%2B00:00", HttpStatusCode.BadRequest));
        }

        foreach (var month in new[] { "0001-01", "9999-12" })
        {
            AssertNames("month", "2000 to 2100", await admin.GetJsonAsync($"/api/reports/monthly?month={month}&format=pdf", HttpStatusCode.BadRequest));
            AssertNames("month", "2000 to 2100", await admin.GetJsonAsync($"/api/zones/ratings?month={month}", HttpStatusCode.BadRequest));
        }

        AssertNames("year", "2000 to 2100", await admin.GetJsonAsync("/api/reports/statutory?year=9999", HttpStatusCode.BadRequest));

        var findingId = await EscalationTests.RaiseGeneralFindingAsync(_app);
        var owner = await _app.SignInAsync("owner-fire");
        AssertNames("dueAt", "2000 to 2100", await owner.PostJsonAsync(
            $"/api/findings/{findingId}/extension", new { dueAt = "9999-12-31T23:59:59+00:00", reason = "parts" }, HttpStatusCode.BadRequest));
        AssertNames("deadline", "2000 to 2100", await owner.PostJsonAsync(
            $"/api/findings/{findingId}/five-fixes",
            new { measures = "m", funds = "f", responsiblePerson = "p", deadline = "0001-01-01T00:00:00+00:00", contingencyPlan = "c" },
            HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task An_org_document_with_a_null_row_a_near_miss_role_or_an_overlong_value_is_refused_and_nothing_is_stored()
    {
        var admin = await _app.SignInAsync("admin");
        foreach (var list in new[] { "units", "users", "zones", "assets" })
        {
            var problem = await admin.PostAsync("/api/org/import", Json($$"""{ "{{list}}": [ null ] }"""));
            AssertNames($"{list}[0]", "null", await problem.ReadJsonAsync(HttpStatusCode.BadRequest));
        }

        foreach (var role in new[] { "0", " Member", "member" })
        {
            var problem = await admin.PostJsonAsync("/api/org/import", new
            {
                users = new object[] { new { userName = "member9", displayName = "Sun Wu", password = "Demo!2026", roles = new[] { role }, unit = "svc" } },
            }, HttpStatusCode.BadRequest);
            AssertNames("users[0].roles[0]", "is not a role", problem);
        }

        var longEmail = new string('a', 250) + "@example.test";
        AssertNames("users[0].email", "256", await admin.PostJsonAsync("/api/org/import", new
        {
            users = new object[] { new { userName = "member9", displayName = "Sun Wu", email = longEmail, password = "Demo!2026", roles = new[] { "Member" }, unit = "svc" } },
        }, HttpStatusCode.BadRequest));

        AssertNames("assets[0].attributes", "4000", await admin.PostJsonAsync("/api/org/import", new
        {
            assets = new object[]
            {
                new { key = "ext-long", name = "Extinguisher L", type = "extinguisher", zone = "z-dorm-a", owner = "owner-fire", attributes = new { note = new string('长', 3000) } },
            },
        }, HttpStatusCode.BadRequest));

        var signIn = await _app.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "member9", password = "Demo!2026" });
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }

    [Fact]
    public async Task A_checklist_with_a_null_answer_a_reading_sent_as_text_or_out_of_range_is_refused_naming_the_answer()
    {
        var member = await _app.SignInAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var url = $"/api/inspections/{checklist.Id}/submit";

        AssertNames("results[0]", "null", await (await member.PostAsync(url, Json("""{ "results": [ null ] }"""))).ReadJsonAsync(HttpStatusCode.BadRequest));

        var text = await member.PostAsync(url, Json("""{ "results": [ { "asset": "a", "itemId": "b", "value": "45,5" } ] }"""));
        AssertNames("results[0].value", "JSON number", await text.ReadJsonAsync(HttpStatusCode.BadRequest));

        var reading = checklist.BoundedReading().GetProperty("itemId").GetString()!;
        var huge = await member.PostAsJsonAsync(url, checklist.Reading(checklist.Assets[0], reading, 1e20m).Body());
        var errors = (await huge.ReadJsonAsync(HttpStatusCode.BadRequest)).Errors();
        Assert.Contains(errors, e => e.Key.EndsWith(".value", StringComparison.Ordinal) && e.Value.Any(m => m.Contains("JSON number", StringComparison.Ordinal)));

        Assert.Equal("due", (await member.GetJsonAsync($"/api/inspections/{checklist.Id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Wrongly_typed_values_are_named_with_the_json_type_they_take_and_never_with_a_server_type()
    {
        var admin = await _app.SignInAsync("admin");
        var cases = new (string Method, string Url, string? Body, string Field, string Says)[]
        {
            ("POST", "/api/org/import", """{ "units": "svc" }""", "units", "a JSON array"),
            ("POST", "/api/org/import", """{ "users": [ { "userName": "x", "roles": "Member" } ] }""", "users[0].roles", "a JSON array"),
            ("POST", "/api/org/import", """{ "units": [ 5 ] }""", "units[0]", "a JSON object"),
            ("POST", "/api/rounds", """{ "week": 48 }""", "week", "a JSON string"),
            ("POST", "/api/rounds", "[]", "body", "a JSON object"),
            ("POST", "/api/rounds", "null", "body", "JSON body is required"),
            ("POST", "/api/rounds", "{ \"week\": ", "week", "not valid JSON"),
            ("PUT", "/api/me/preferences", """{ "language": "en", "notifyByEmail": "yes" }""", "notifyByEmail", "true or false"),
            ("POST", $"/api/findings/{Guid.NewGuid()}/extension", """{ "dueAt": 5, "reason": "x" }""", "dueAt", "date and time with offset"),
            ("GET", "/api/inspections?mine=perhaps", null, "mine", "true or false"),
            ("GET", "/api/findings?limit=99999999999", null, "limit", "whole number"),
            ("GET", "/api/reports/statutory?year=twenty", null, "year", "whole number"),
        };

        foreach (var (method, url, body, field, says) in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = body is null ? null : Json(body) };
            var response = await admin.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {url} {body}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("SafetyFlow.", text, StringComparison.Ordinal);
            AssertNames(field, says, await response.ReadJsonAsync(HttpStatusCode.BadRequest));
        }
    }

    [Fact]
    public async Task Text_holding_the_NUL_character_is_refused_naming_the_field_or_parameter()
    {
        // PostgreSQL cannot store it in a text column; SQLite could, so it is refused on both alike.
        var admin = await _app.SignInAsync("admin");
        var body = await admin.PostAsync("/api/org/import", Json("""{ "units": [ { "key": "nul", "name": "Canteen\u0000 2" } ] }"""));
        AssertNames("units[0].name", "NUL", await body.ReadJsonAsync(HttpStatusCode.BadRequest));
        AssertNames("zone", "NUL", await admin.GetJsonAsync("/api/findings?zone=z%00", HttpStatusCode.BadRequest));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static void AssertNames(string field, string says, System.Text.Json.JsonElement problem)
    {
        var errors = problem.Errors();
        Assert.True(errors.TryGetValue(field, out var messages), $"No error at '{field}': {problem}");
        Assert.True(messages.Any(m => m.Contains(says, StringComparison.Ordinal)), $"'{field}' says {string.Join(" / ", messages)}, not '{says}'.");
    }
}
