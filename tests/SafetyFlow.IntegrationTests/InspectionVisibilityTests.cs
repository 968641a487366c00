using System.Net;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// An inspection the caller may not see answers 404, submitted or not, to the API and to the checklist page alike, so
/// neither its existence nor its state leaks; one they may see but is not theirs to submit answers 403.
/// </summary>
public sealed class InspectionVisibilityTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_member_of_another_unit_gets_404_for_someone_elses_inspection_whether_submitted_or_not()
    {
        var member = await _app.SignInAsync("member-canteen");
        var submitted = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        await member.PostJsonAsync($"/api/inspections/{submitted.Id}/submit", submitted.Body());
        var due = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-hall");

        var stranger = await _app.SignInAsync("member-dorm");
        foreach (var checklist in new[] { due, submitted })
        {
            await stranger.GetJsonAsync($"/api/inspections/{checklist.Id}", HttpStatusCode.NotFound);
            await stranger.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Body(), HttpStatusCode.NotFound);
        }

        // Nothing the stranger sent was stored: the due one is still the member's to submit, once.
        Assert.Equal("due", (await member.GetJsonAsync($"/api/inspections/{due.Id}")).GetProperty("status").GetString());
        await member.PostJsonAsync($"/api/inspections/{due.Id}/submit", due.Body());
        await member.PostJsonAsync($"/api/inspections/{submitted.Id}/submit", submitted.Body(), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_checklist_page_of_someone_elses_inspection_is_not_found_for_a_member_of_another_unit()
    {
        var member = await _app.SignInAsync("member-canteen");
        var submitted = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        await member.PostJsonAsync($"/api/inspections/{submitted.Id}/submit", submitted.Body());
        var due = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-hall");
        var own = await Checklist.OpenAsync(await _app.SignInAsync("member-dorm"), "weekly-extinguisher-check", "z-dorm-a");

        var stranger = await _app.SignInToPagesAsync("member-dorm");
        var token = await stranger.AntiForgeryTokenAsync($"/inspections/{own.Id}");
        foreach (var checklist in new[] { due, submitted })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/inspections/{checklist.Id}")).StatusCode);
            var posted = await stranger.PostAsync($"/inspections/{checklist.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Answers[0].Asset"] = checklist.Assets[0],
                ["Answers[0].ItemId"] = "in-place",
                ["Answers[0].Outcome"] = "pass",
            }));
            Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        }
    }

    [Fact]
    public async Task The_units_supervisor_sees_the_inspection_but_may_not_submit_it()
    {
        var member = await _app.SignInAsync("member-canteen");
        var due = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-hall");

        var supervisor = await _app.SignInAsync("sup-canteen");
        Assert.Equal(due.Id, (await supervisor.GetJsonAsync($"/api/inspections/{due.Id}")).GetProperty("id").GetString());
        var refused = await supervisor.PostJsonAsync($"/api/inspections/{due.Id}/submit", due.Body(), HttpStatusCode.Forbidden);
        Assert.Contains("member", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var elsewhere = await _app.SignInAsync("sup-dorm");
        await elsewhere.GetJsonAsync($"/api/inspections/{due.Id}", HttpStatusCode.NotFound);
        await elsewhere.PostJsonAsync($"/api/inspections/{due.Id}/submit", due.Body(), HttpStatusCode.NotFound);
    }
}
