using System.Net;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Inspections;

/// <summary>A member's past inspections: only their own, newest first, a page at a time, each with the findings they raised.</summary>
public sealed class InspectionHistoryTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    private string _kitchen = "";
    private string _hall = "";
    private string _dorm = "";
    private string _finding = "";

    public async Task InitializeAsync()
    {
        // member-canteen submits the kitchen's checklist with a failure, then an hour later the dining hall's; member-dorm
        // submits the dormitory's.
        var canteen = await _app.SignInAsync("member-canteen");
        var kitchen = await Checklist.OpenAsync(canteen, "weekly-extinguisher-check", "z-canteen-kitchen");
        var raised = await canteen.PostJsonAsync($"/api/inspections/{kitchen.Id}/submit", kitchen.Fail(kitchen.Assets[0], "in-place", "gone").Body());
        (_kitchen, _finding) = (kitchen.Id, raised.GetProperty("findings")[0].GetString()!);
        await (await _app.SignInAsync("admin")).PostJsonAsync("/api/admin/clock", new { advanceBy = "PT1H" });
        var hall = await Checklist.OpenAsync(canteen, "weekly-extinguisher-check", "z-canteen-hall");
        await canteen.PostJsonAsync($"/api/inspections/{hall.Id}/submit", hall.Body());
        _hall = hall.Id;
        var member = await _app.SignInAsync("member-dorm");
        var dorm = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-dorm-a");
        await member.PostJsonAsync($"/api/inspections/{dorm.Id}/submit", dorm.Body());
        _dorm = dorm.Id;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_member_sees_only_their_own_past_inspections_newest_first_with_the_findings_they_raised()
    {
        var canteen = await (await _app.SignInAsync("member-canteen")).GetJsonAsync("/api/inspections/history");
        var ids = canteen.GetProperty("inspections").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal([_hall, _kitchen], ids);
        Assert.False(canteen.GetProperty("hasNext").GetBoolean());
        var kitchen = canteen.GetProperty("inspections")[1];
        Assert.Equal(1, kitchen.GetProperty("failed").GetInt32());
        Assert.Equal(_finding, Assert.Single(kitchen.GetProperty("findings").EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty(canteen.GetProperty("inspections")[0].GetProperty("findings").EnumerateArray());

        var dorm = await (await _app.SignInAsync("member-dorm")).GetJsonAsync("/api/inspections/history");
        Assert.Equal([_dorm], dorm.GetProperty("inspections").EnumerateArray().Select(i => i.GetProperty("id").GetString()));

        // Someone who submitted nothing has an empty history.
        Assert.Empty((await (await _app.SignInAsync("sup-canteen")).GetJsonAsync("/api/inspections/history")).GetProperty("inspections").EnumerateArray());
    }

    [Fact]
    public async Task The_page_lists_the_members_own_inspections_linking_to_each_record_and_each_finding_raised()
    {
        var html = await (await _app.SignInToPagesAsync("member-canteen")).PageAsync("/inspections/history");

        Assert.Equal([_hall, _kitchen], PageClients.AttributeValues(html, "data-inspection"));
        Assert.Contains($"href=\"/inspections/{_kitchen}/record\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/findings/{_finding}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(_dorm, html, StringComparison.Ordinal);

        var dorm = await (await _app.SignInToPagesAsync("member-dorm")).PageAsync("/inspections/history");
        Assert.Equal([_dorm], PageClients.AttributeValues(dorm, "data-inspection"));
    }

    [Fact]
    public async Task The_history_comes_a_page_at_a_time_and_a_page_that_is_no_page_is_refused_naming_it()
    {
        var member = await _app.SignInAsync("member-canteen");

        var first = await member.GetJsonAsync("/api/inspections/history?pageSize=1");
        var second = await member.GetJsonAsync("/api/inspections/history?page=2&pageSize=1");

        Assert.Equal(_hall, Assert.Single(first.GetProperty("inspections").EnumerateArray()).GetProperty("id").GetString());
        Assert.True(first.GetProperty("hasNext").GetBoolean());
        Assert.Equal(_kitchen, Assert.Single(second.GetProperty("inspections").EnumerateArray()).GetProperty("id").GetString());
        Assert.False(second.GetProperty("hasNext").GetBoolean());
        Assert.Contains("page", (await member.GetJsonAsync("/api/inspections/history?page=0", HttpStatusCode.BadRequest)).Errors().Keys);
        Assert.Contains("pageSize", (await member.GetJsonAsync("/api/inspections/history?pageSize=1000", HttpStatusCode.BadRequest)).Errors().Keys);
        Assert.Contains("page", (await member.GetJsonAsync("/api/inspections/history?page=two", HttpStatusCode.BadRequest)).Errors().Keys);
    }
}
