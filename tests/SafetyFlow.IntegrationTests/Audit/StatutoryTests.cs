using System.Net;
using System.Text.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>Quarterly and yearly figures for disclosure, against the hand-made November.</summary>
public sealed class StatutoryTests(NovemberFixture november) : IClassFixture<NovemberFixture>
{
    [Fact]
    public async Task The_fourth_quarter_counts_what_was_found_fixed_and_fixed_on_time_with_the_major_hazard_and_its_state()
    {
        var safety = await november.App.SignInAsync("safety1");
        var q4 = await safety.GetJsonAsync("/api/reports/statutory?year=2026&quarter=4");

        Assert.Equal("2026-Q4", q4.GetProperty("period").GetString());
        Assert.Equal((5, 3, 2, 2, 2), Figures(q4.GetProperty("all")));
        Assert.Equal((0.6, 0.4), (q4.GetProperty("all").GetProperty("fixRate").GetDouble(), q4.GetProperty("all").GetProperty("onTimeRate").GetDouble()));
        Assert.Equal((4, 3, 2, 1, 1), Figures(q4.GetProperty("general")));
        Assert.Equal((1, 0, 0, 1, 1), Figures(q4.GetProperty("major")));

        var major = Assert.Single(q4.GetProperty("majorHazards").EnumerateArray());
        Assert.Equal(november.E, major.GetProperty("id").GetString());
        Assert.Equal(("Open", false, true, true), (
            major.GetProperty("state").GetString(),
            major.GetProperty("fixed").GetBoolean(),
            major.GetProperty("overdue").GetBoolean(),
            major.GetProperty("supervised").GetBoolean()));

        var year = await safety.GetJsonAsync("/api/reports/statutory?year=2026");
        Assert.Equal(("2026", (5, 3, 2, 2, 2)), (year.GetProperty("period").GetString(), Figures(year.GetProperty("all"))));
        Assert.Equal((0, 0, 0, 0, 0), Figures((await safety.GetJsonAsync("/api/reports/statutory?year=2026&quarter=3")).GetProperty("all")));
    }

    [Fact]
    public async Task A_missing_year_or_a_fifth_quarter_is_refused_naming_the_field()
    {
        var safety = await november.App.SignInAsync("safety1");
        Assert.Contains("year", (await safety.GetJsonAsync("/api/reports/statutory", HttpStatusCode.BadRequest)).Errors().Keys);
        Assert.Contains("quarter", (await safety.GetJsonAsync("/api/reports/statutory?year=2026&quarter=5", HttpStatusCode.BadRequest)).Errors().Keys);
    }

    private static (int Found, int Fixed, int FixedOnTime, int Open, int Overdue) Figures(JsonElement f) => (
        f.GetProperty("found").GetInt32(),
        f.GetProperty("fixed").GetInt32(),
        f.GetProperty("fixedOnTime").GetInt32(),
        f.GetProperty("open").GetInt32(),
        f.GetProperty("overdue").GetInt32());
}
