using System.Text.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>The closure report's figures against the hand-made November in <see cref="NovemberFixture"/>.</summary>
public sealed class ClosureFiguresTests(NovemberFixture november) : IClassFixture<NovemberFixture>
{
    [Fact]
    public async Task By_zone_each_figure_matches_the_hand_computed_one()
    {
        var rows = await ReportAsync("zone");

        var kitchen = rows["z-canteen-kitchen"];
        Assert.Equal((2, 2, 2, 0), Counts(kitchen));
        Assert.Equal((1.0, 1.0), Rates(kitchen));
        Assert.Equal(48.0, kitchen.GetProperty("medianHoursToClose").GetDouble());
        Assert.Equal(72.0, kitchen.GetProperty("p90HoursToClose").GetDouble());
        Assert.Equal((1, 0), (kitchen.GetProperty("rejections").GetInt32(), kitchen.GetProperty("extensionRequests").GetInt32()));
        Assert.Equal((0, 0, 0), Aging(kitchen));

        var dorm = rows["z-dorm-a"];
        Assert.Equal((1, 0, 0, 1), Counts(dorm));
        Assert.Equal((0.0, 0.0), Rates(dorm));
        Assert.Equal(JsonValueKind.Null, dorm.GetProperty("medianHoursToClose").ValueKind);
        Assert.Equal((0, 1), (dorm.GetProperty("rejections").GetInt32(), dorm.GetProperty("extensionRequests").GetInt32()));
        Assert.Equal((0, 1, 0), Aging(dorm));

        var office = rows["z-office-2f"];
        Assert.Equal((1, 1, 0, 0), Counts(office));
        Assert.Equal((1.0, 0.0), Rates(office));
        Assert.Equal(216.0, office.GetProperty("medianHoursToClose").GetDouble());

        var hall = rows["z-canteen-hall"];
        Assert.Equal((1, 0, 0, 1), Counts(hall));
        Assert.Equal((0, 1, 0), Aging(hall));
    }

    [Fact]
    public async Task By_severity_the_median_and_90th_percentile_cover_every_closed_finding()
    {
        var rows = await ReportAsync("severity");

        var general = rows["general"];
        Assert.Equal((4, 3, 2, 1), Counts(general));
        Assert.Equal((0.75, 0.5), Rates(general));

        // Hours to close 24, 72 and 216: the median is 72; the nearest-rank 90th percentile is the third of three.
        Assert.Equal(72.0, general.GetProperty("medianHoursToClose").GetDouble());
        Assert.Equal(216.0, general.GetProperty("p90HoursToClose").GetDouble());
        Assert.Equal((1, 1), (general.GetProperty("rejections").GetInt32(), general.GetProperty("extensionRequests").GetInt32()));
        Assert.Equal((1, 0, 0, 1), Counts(rows["major"]));
    }

    [Fact]
    public async Task By_owner_and_month_the_findings_fall_into_their_groups()
    {
        var month = Assert.Single(await ReportAsync("month"));
        Assert.Equal(("2026-11", 5), (month.Key, month.Value.GetProperty("raised").GetInt32()));
        Assert.Equal(5, (await ReportAsync("owner")).Values.Sum(r => r.GetProperty("raised").GetInt32()));
        Assert.Equal(["2026-W48"], (await ReportAsync("week")).Keys);
    }

    private async Task<Dictionary<string, JsonElement>> ReportAsync(string groupBy)
    {
        var safety = await november.App.SignInAsync("safety1");
        var rows = await safety.GetJsonAsync($"/api/reports/closure?from=2026-11-01&to=2026-11-30&groupBy={groupBy}");
        return rows.EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
    }

    private static (int Raised, int Closed, int OnTime, int Overdue) Counts(JsonElement row) => (
        row.GetProperty("raised").GetInt32(),
        row.GetProperty("closed").GetInt32(),
        row.GetProperty("closedOnTime").GetInt32(),
        row.GetProperty("openOverdue").GetInt32());

    private static (double Closure, double OnTime) Rates(JsonElement row) =>
        (row.GetProperty("closureRate").GetDouble(), row.GetProperty("onTimeRate").GetDouble());

    private static (int Days0To7, int Days8To30, int Over30) Aging(JsonElement row)
    {
        var aging = row.GetProperty("aging");
        return (aging.GetProperty("days0To7").GetInt32(), aging.GetProperty("days8To30").GetInt32(), aging.GetProperty("over30Days").GetInt32());
    }
}
