using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Jobs;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>
/// November's zone stars from zone-rating.yaml. Each zone had three weekly checklists due in week 48 and submitted one
/// (33.33); findings lose 5 points per general and 25 per major; a rejection costs 20. Weights 30/25/25/10/10.
/// </summary>
public sealed class ZoneRatingTests(NovemberFixture november) : IClassFixture<NovemberFixture>
{
    [Fact]
    public async Task The_finished_month_is_rated_as_computed_by_hand_then_stored_by_the_monthly_job_unchanged()
    {
        var safety = await november.App.SignInAsync("safety1");
        var computed = Ratings(await safety.GetJsonAsync("/api/zones/ratings?month=2026-11"));

        // Kitchen: (30 x 33.33 + 25 x 90 + 25 x 100 + 10 x 100 + 10 x 80) / 100 = 75.50 -> three stars.
        var kitchen = computed["z-canteen-kitchen"];
        Assert.Equal((3, 75.50m), (kitchen.GetProperty("stars").GetInt32(), kitchen.GetProperty("score").GetDecimal()));
        Assert.Equal([33.33m, 90m, 100m, 100m, 80m], Components(kitchen));
        Assert.False(kitchen.GetProperty("stored").GetBoolean());

        // Dormitory: C is past due and open: (1000 + 25 x 95 + 0 + 1000 + 1000) / 100 = 53.75 -> one star.
        Assert.Equal([33.33m, 95m, 0m, 100m, 100m], Components(computed["z-dorm-a"]));
        Assert.Equal((1, 53.75m), (computed["z-dorm-a"].GetProperty("stars").GetInt32(), computed["z-dorm-a"].GetProperty("score").GetDecimal()));

        // Office: D closed late, so no on-time closure either.
        Assert.Equal(53.75m, computed["z-office-2f"].GetProperty("score").GetDecimal());

        // Hall: one major finding weighs 5: 100 - 25 = 75.
        Assert.Equal([33.33m, 75m, 0m, 100m, 100m], Components(computed["z-canteen-hall"]));
        Assert.Equal(48.75m, computed["z-canteen-hall"].GetProperty("score").GetDecimal());

        using (var scope = november.App.Services.CreateScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<ZoneRatingJob>();
            await job.RunAsync(CancellationToken.None);
            await job.RunAsync(CancellationToken.None);
        }

        var stored = Ratings(await safety.GetJsonAsync("/api/zones/ratings?month=2026-11"));
        Assert.All(stored.Values, r => Assert.True(r.GetProperty("stored").GetBoolean()));
        Assert.Equal(computed.ToDictionary(r => r.Key, r => r.Value.GetProperty("score").GetDecimal()), stored.ToDictionary(r => r.Key, r => r.Value.GetProperty("score").GetDecimal()));
        Assert.Equal(Components(kitchen), Components(stored["z-canteen-kitchen"]));

        var history = await safety.GetJsonAsync("/api/zones/z-canteen-kitchen/ratings");
        var month = Assert.Single(history.EnumerateArray());
        Assert.Equal(("2026-11", 3), (month.GetProperty("month").GetString(), month.GetProperty("stars").GetInt32()));
    }

    [Fact]
    public async Task A_bad_month_or_an_unknown_zone_is_refused()
    {
        var safety = await november.App.SignInAsync("safety1");
        Assert.Contains("month", (await safety.GetJsonAsync("/api/zones/ratings?month=2026-13", HttpStatusCode.BadRequest)).Errors().Keys);
        Assert.Equal(HttpStatusCode.NotFound, (await safety.GetAsync("/api/zones/z-nowhere/ratings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await november.App.SignInAsync("member-dorm")).GetAsync("/api/zones/ratings")).StatusCode);
    }

    [Fact]
    public async Task The_rating_and_repeat_rules_are_listed_with_the_other_definitions()
    {
        var safety = await november.App.SignInAsync("safety1");
        var list = (await safety.GetJsonAsync("/api/workflows")).EnumerateArray().ToDictionary(w => w.GetProperty("id").GetString()!);
        Assert.Equal("zoneRating", list["zone-rating"].GetProperty("kind").GetString());

        var rating = await safety.GetJsonAsync("/api/workflows/zone-rating");
        Assert.Equal(30m, rating.GetProperty("weights").GetProperty("inspectionsOnTime").GetDecimal());
        Assert.Equal(5m, rating.GetProperty("severityWeights").GetProperty("major").GetDecimal());
        Assert.Equal([0m, 60m, 75m, 85m, 95m], rating.GetProperty("stars").EnumerateArray().Select(s => s.GetProperty("minScore").GetDecimal()));

        var repeats = (await safety.GetJsonAsync("/api/workflows/rectification")).GetProperty("repeats");
        Assert.Equal(("P90D", "zone", true), (repeats.GetProperty("window").GetString(), repeats.GetProperty("scope").GetString(), repeats.GetProperty("raiseSeverity").GetBoolean()));
    }

    private static Dictionary<string, JsonElement> Ratings(JsonElement list) =>
        list.EnumerateArray().ToDictionary(r => r.GetProperty("zone").GetString()!);

    private static decimal[] Components(JsonElement rating)
    {
        var c = rating.GetProperty("components");
        return [.. new[] { "inspectionsOnTime", "findings", "onTimeClosure", "repeats", "rejections" }.Select(n => c.GetProperty(n).GetDecimal())];
    }
}
