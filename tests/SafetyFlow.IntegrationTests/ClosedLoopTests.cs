using System.Net;
using System.Text.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>The closed loop as people live it: find, register, rectify, accept, close.</summary>
public sealed class ClosedLoopTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_failed_item_goes_to_its_owner_and_closes_only_after_a_supervisor_accepts_the_fix()
    {
        var member = await _app.SignInAsync("member-canteen");
        var owner = await _app.SignInAsync("owner-fire");
        var supervisor = await _app.SignInAsync("sup-canteen");

        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var asset = checklist.Assets[0];
        var item = checklist.ItemOf("check", "general");
        var submitted = await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Fail(asset, item, "nameplate faded").Body());
        var findingId = Assert.Single(submitted.GetProperty("findings").EnumerateArray()).GetString();

        var finding = await owner.GetJsonAsync($"/api/findings/{findingId}");
        Assert.Equal("Open", finding.GetProperty("state").GetString());
        Assert.Equal("owner-fire", finding.GetProperty("owner").GetString());
        Assert.Equal("member-canteen", finding.GetProperty("raisedBy").GetString());
        Assert.Equal(asset, finding.GetProperty("asset").GetString());
        Assert.Equal("z-canteen-kitchen", finding.GetProperty("zone").GetString());
        Assert.Equal(TimeSpan.FromDays(7), finding.GetProperty("dueAt").GetDateTimeOffset() - finding.GetProperty("raisedAt").GetDateTimeOffset());
        Assert.EndsWith("+08:00", finding.GetProperty("dueAt").GetString());

        var ownerInbox = await owner.GetJsonAsync("/api/notifications?mine=true");
        Assert.Contains(ownerInbox.EnumerateArray(), n => n.GetProperty("kind").GetString() == "finding.assigned" && n.GetProperty("findingId").GetString() == findingId);

        await owner.PostJsonAsync($"/api/findings/{findingId}/fix", new { note = "replaced the nameplate" });
        var supervisorInbox = await supervisor.GetJsonAsync("/api/notifications?mine=true");
        Assert.Contains(supervisorInbox.EnumerateArray(), n => n.GetProperty("kind").GetString() == "fix.submitted");

        var rejected = await supervisor.PostJsonAsync($"/api/findings/{findingId}/reject", new { reason = "still unreadable" });
        Assert.Equal("Open", rejected.GetProperty("state").GetString());
        Assert.Equal(1, rejected.GetProperty("rejections").GetInt32());
        Assert.Contains((await owner.GetJsonAsync("/api/notifications?mine=true")).EnumerateArray(), n => n.GetProperty("kind").GetString() == "fix.rejected");

        await owner.PostJsonAsync($"/api/findings/{findingId}/fix", new { note = "new printed nameplate" });
        var closed = await supervisor.PostJsonAsync($"/api/findings/{findingId}/approve", new { note = "ok" });
        Assert.Equal("Closed", closed.GetProperty("state").GetString());
        Assert.False(closed.GetProperty("overdue").GetBoolean());

        var history = closed.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Equal(["raise", "fix", "reject", "fix", "approve"], history);
        var last = closed.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("sup-canteen", last.GetProperty("actor").GetString());
        Assert.Equal("FixSubmitted", last.GetProperty("from").GetString());
        Assert.Equal("Closed", last.GetProperty("to").GetString());

        var safety = await _app.SignInAsync("safety1");
        var report = await safety.GetJsonAsync("/api/reports/closure?from=2026-11-01&to=2026-11-30&groupBy=zone");
        var row = report.EnumerateArray().Single(r => r.GetProperty("key").GetString() == "z-canteen-kitchen");
        Assert.Equal(1, row.GetProperty("raised").GetInt32());
        Assert.Equal(1, row.GetProperty("closed").GetInt32());
        Assert.Equal(1, row.GetProperty("closedOnTime").GetInt32());
        Assert.Equal(1.0, row.GetProperty("closureRate").GetDouble());
    }

    [Fact]
    public async Task A_checklist_is_submitted_once()
    {
        var member = await _app.SignInAsync("member-dorm");
        var checklist = await Checklist.OpenAsync(member, "weekly-hydrant-check", "z-dorm-a");
        var body = checklist.Body();
        var first = await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", body);
        Assert.Empty(first.GetProperty("findings").EnumerateArray());

        var second = await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", body, HttpStatusCode.Conflict);
        Assert.Equal(409, second.GetProperty("status").GetInt32());

        var submitted = await member.GetJsonAsync($"/api/inspections/{checklist.Id}");
        Assert.Equal("submitted", submitted.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_reading_outside_its_limits_becomes_a_finding_without_an_outcome_being_given()
    {
        var member = await _app.SignInAsync("member-office");
        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-office-2f");
        var reading = checklist.BoundedReading();
        var tooHigh = reading.GetProperty("max").GetDecimal() + 0.5m;
        var submitted = await member.PostJsonAsync(
            $"/api/inspections/{checklist.Id}/submit",
            checklist.Reading(checklist.Assets[0], reading.GetProperty("itemId").GetString()!, tooHigh).Body());

        var findingId = Assert.Single(submitted.GetProperty("findings").EnumerateArray()).GetString();
        var finding = await member.GetJsonAsync($"/api/findings/{findingId}");
        Assert.Equal(reading.GetProperty("itemId").GetString(), finding.GetProperty("itemId").GetString());
        Assert.Equal(tooHigh, finding.GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task A_major_finding_reaches_the_safety_office_at_once_and_needs_its_five_fixes_before_a_fix()
    {
        var member = await _app.SignInAsync("member-canteen");
        var owner = await _app.SignInAsync("owner-fire");
        var safety = await _app.SignInAsync("safety1");

        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var item = checklist.ItemOf("check", "major");
        var submitted = await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Fail(checklist.Assets[0], item).Body());
        var findingId = Assert.Single(submitted.GetProperty("findings").EnumerateArray()).GetString();

        var finding = await owner.GetJsonAsync($"/api/findings/{findingId}");
        Assert.Equal("major", finding.GetProperty("severity").GetString());
        Assert.Equal(TimeSpan.FromHours(24), finding.GetProperty("dueAt").GetDateTimeOffset() - finding.GetProperty("raisedAt").GetDateTimeOffset());
        Assert.Contains((await safety.GetJsonAsync("/api/notifications?mine=true")).EnumerateArray(), n => n.GetProperty("findingId").GetString() == findingId);

        var refused = await owner.PostJsonAsync($"/api/findings/{findingId}/fix", new { note = "done" }, HttpStatusCode.Conflict);
        Assert.Contains("five fixes", refused.GetProperty("detail").GetString());

        await owner.PostJsonAsync($"/api/findings/{findingId}/five-fixes", new
        {
            measures = "replace the extinguisher",
            funds = "CNY 300 from the maintenance budget",
            responsiblePerson = "Wang Qiang",
            deadline = "2026-11-24T12:00:00+08:00",
            contingencyPlan = "spare extinguisher placed beside it",
        });
        var fixedFinding = await owner.PostJsonAsync($"/api/findings/{findingId}/fix", new { note = "replaced" });
        Assert.Equal("FixSubmitted", fixedFinding.GetProperty("state").GetString());
        Assert.Equal("replace the extinguisher", fixedFinding.GetProperty("fiveFixes").GetProperty("measures").GetString());
    }

    [Fact]
    public async Task Only_the_owner_fixes_and_only_a_supervisor_over_the_zone_decides()
    {
        var member = await _app.SignInAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var submitted = await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Fail(checklist.Assets[0], checklist.ItemOf("check", "general")).Body());
        var findingId = submitted.GetProperty("findings")[0].GetString();

        // Someone who may not see the finding is not told it exists: 404, not 403.
        var otherOwner = await _app.SignInAsync("owner-electric");
        await otherOwner.PostJsonAsync($"/api/findings/{findingId}/fix", new { note = "not mine" }, HttpStatusCode.NotFound);

        var supervisor = await _app.SignInAsync("sup-canteen");
        var tooEarly = await supervisor.PostJsonAsync($"/api/findings/{findingId}/approve", new { }, HttpStatusCode.Conflict);
        Assert.Contains("Open", tooEarly.GetProperty("detail").GetString());

        var owner = await _app.SignInAsync("owner-fire");
        await owner.PostJsonAsync($"/api/findings/{findingId}/fix", new { note = "fixed" });

        var otherSupervisor = await _app.SignInAsync("sup-dorm");
        await otherSupervisor.PostJsonAsync($"/api/findings/{findingId}/approve", new { }, HttpStatusCode.NotFound);
        await owner.PostJsonAsync($"/api/findings/{findingId}/approve", new { }, HttpStatusCode.Forbidden);

        // The safety office sees every finding; a supervisor elsewhere does not.
        var office = await _app.SignInAsync("safety1");
        Assert.Contains((await office.GetJsonAsync("/api/findings")).EnumerateArray(), f => f.GetProperty("id").GetString() == findingId);
        Assert.DoesNotContain((await otherSupervisor.GetJsonAsync("/api/findings")).EnumerateArray(), f => f.GetProperty("id").GetString() == findingId);
    }

    [Fact]
    public async Task An_owner_may_ask_once_for_a_later_deadline_and_a_supervisor_decides()
    {
        var member = await _app.SignInAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var submitted = await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Fail(checklist.Assets[0], checklist.ItemOf("check", "general")).Body());
        var findingId = submitted.GetProperty("findings")[0].GetString();
        var owner = await _app.SignInAsync("owner-fire");
        var supervisor = await _app.SignInAsync("sup-canteen");
        var dueAt = (await owner.GetJsonAsync($"/api/findings/{findingId}")).GetProperty("dueAt").GetDateTimeOffset();

        var requested = await owner.PostJsonAsync($"/api/findings/{findingId}/extension", new { dueAt = dueAt.AddDays(5), reason = "part on order" });
        Assert.Equal("part on order", requested.GetProperty("pendingExtension").GetProperty("reason").GetString());
        await owner.PostJsonAsync($"/api/findings/{findingId}/extension", new { dueAt = dueAt.AddDays(6), reason = "again" }, HttpStatusCode.Conflict);

        var approved = await supervisor.PostJsonAsync($"/api/findings/{findingId}/extension/approve", new { note = "fine" });
        Assert.Equal(dueAt.AddDays(5), approved.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, approved.GetProperty("pendingExtension").ValueKind);

        var again = await owner.PostJsonAsync($"/api/findings/{findingId}/extension", new { dueAt = dueAt.AddDays(8), reason = "more" }, HttpStatusCode.Conflict);
        Assert.Contains("No further extension", again.GetProperty("detail").GetString());
        Assert.Contains((await owner.GetJsonAsync("/api/notifications?mine=true")).EnumerateArray(), n => n.GetProperty("kind").GetString() == "extension.approved");
    }
}
