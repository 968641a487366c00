using System.Net;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Admin;

/// <summary>
/// An admin or the safety office hands a finding to another owner: a record of its history names who, from whom, to
/// whom and why, the new owner is told and may act on it, and the owner before may not.
/// </summary>
public sealed class ReassignFindingTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());
    private string _finding = "";

    public async Task InitializeAsync()
    {
        await (await _app.SignInAsync("admin")).PostJsonAsync("/api/rounds", new { week = "2026-W48" });
        _finding = await EscalationTests.RaiseGeneralFindingAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_reassignment_is_recorded_in_the_history_and_the_new_owner_is_told_and_takes_over()
    {
        var admin = await _app.SignInAsync("admin");
        Assert.Equal("owner-fire", (await EscalationTests.FindingAsync(_app, _finding)).GetProperty("owner").GetString());

        var view = await admin.PostJsonAsync($"/api/findings/{_finding}/owner", new { owner = "owner-electric", note = "It is the wiring, not the extinguisher." });
        Assert.Equal("owner-electric", view.GetProperty("owner").GetString());
        Assert.Equal("Open", view.GetProperty("state").GetString());
        var last = view.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("reassign", "admin"), (last.GetProperty("action").GetString(), last.GetProperty("actor").GetString()));
        var note = last.GetProperty("note").GetString()!;
        Assert.Contains("owner-fire", note);
        Assert.Contains("owner-electric", note);
        Assert.Contains("It is the wiring", note);
        Assert.True(note.IndexOf("owner-fire", StringComparison.Ordinal) < note.IndexOf("owner-electric", StringComparison.Ordinal), note);

        var electric = await _app.SignInAsync("owner-electric");
        var told = (await electric.GetJsonAsync("/api/notifications?mine=true")).EnumerateArray()
            .Single(n => n.GetProperty("kind").GetString() == "finding.reassigned");
        Assert.Equal(_finding, told.GetProperty("findingId").GetString());
        Assert.Contains("It is the wiring", told.GetProperty("text").GetString());
        Assert.DoesNotContain((await (await _app.SignInAsync("owner-fire")).GetJsonAsync("/api/notifications?mine=true")).EnumerateArray(),
            n => n.GetProperty("kind").GetString() == "finding.reassigned");

        // The new owner fixes it; the owner before no longer sees it.
        await (await _app.SignInAsync("owner-fire")).PostJsonAsync($"/api/findings/{_finding}/fix", new { note = "done" }, HttpStatusCode.NotFound);
        await electric.PostJsonAsync($"/api/findings/{_finding}/fix", new { note = "Rewired." });

        // The safety office may reassign too; the record is sealed into the trail like every other.
        await (await _app.SignInAsync("safety1")).PostJsonAsync($"/api/findings/{_finding}/owner", new { owner = "owner-kitchen" });
        Assert.True((await admin.GetJsonAsync("/api/audit/verify")).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Bad_input_is_400_at_owner_or_note_others_are_refused_and_a_closed_finding_keeps_its_owner()
    {
        var admin = await _app.SignInAsync("admin");
        var path = $"/api/findings/{_finding}/owner";
        Assert.Contains("owner", (await admin.PostJsonAsync(path, new { owner = "" }, HttpStatusCode.BadRequest)).Errors().Keys);
        Assert.Contains("Owner role", (await admin.PostJsonAsync(path, new { owner = "member-canteen" }, HttpStatusCode.BadRequest)).Errors()["owner"][0]);
        Assert.Contains("no person", (await admin.PostJsonAsync(path, new { owner = "nobody" }, HttpStatusCode.BadRequest)).Errors()["owner"][0]);
        Assert.Contains("already", (await admin.PostJsonAsync(path, new { owner = "owner-fire" }, HttpStatusCode.BadRequest)).Errors()["owner"][0]);
        Assert.Contains("note", (await admin.PostJsonAsync(path, new { owner = "owner-electric", note = new string('x', 2001) }, HttpStatusCode.BadRequest)).Errors().Keys);
        await admin.PostJsonAsync($"/api/people/owner-kitchen/deactivate", null);
        Assert.Contains("deactivated", (await admin.PostJsonAsync(path, new { owner = "owner-kitchen" }, HttpStatusCode.BadRequest)).Errors()["owner"][0]);

        await (await _app.SignInAsync("sup-canteen")).PostJsonAsync(path, new { owner = "owner-electric" }, HttpStatusCode.Forbidden);
        await (await _app.SignInAsync("owner-fire")).PostJsonAsync(path, new { owner = "owner-electric" }, HttpStatusCode.Forbidden);
        await (await _app.SignInAsync("sup-dorm")).PostJsonAsync(path, new { owner = "owner-electric" }, HttpStatusCode.NotFound);
        Assert.DoesNotContain((await EscalationTests.FindingAsync(_app, _finding)).GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "reassign");

        await (await _app.SignInAsync("owner-fire")).PostJsonAsync($"/api/findings/{_finding}/fix", new { note = "Replaced." });
        await (await _app.SignInAsync("sup-canteen")).PostJsonAsync($"/api/findings/{_finding}/approve", new { note = "ok" });
        await admin.PostJsonAsync(path, new { owner = "owner-electric" }, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_finding_page_shows_the_form_to_admins_only_and_keeps_a_refused_note()
    {
        var pages = await _app.SignInToPagesAsync("admin", language: "en");
        var page = $"/findings/{_finding}";
        Assert.Contains("handler=Reassign", await pages.PageAsync(page));
        Assert.DoesNotContain("handler=Reassign", await (await _app.SignInToPagesAsync("owner-fire")).PageAsync(page));

        var refused = await pages.PostAsync($"{page}?handler=Reassign", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await pages.AntiForgeryTokenAsync(page), ["owner"] = "", ["note"] = "Wiring fault",
        }));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Choose the new owner.", html);
        Assert.Contains(">Wiring fault</textarea>", html);

        var done = await pages.PostAsync($"{page}?handler=Reassign", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await pages.AntiForgeryTokenAsync(page), ["owner"] = "owner-electric", ["note"] = "Wiring fault",
        }));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var after = await pages.PageAsync(page);
        Assert.Contains("Reassigned; the new owner has been told.", after);
        Assert.Contains("Owner reassigned", after);
    }
}
