using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>Repeats as rectification.yaml defines them: the same item failing again in the same zone within 90 days.</summary>
public sealed class RepeatFindingTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_same_item_failing_again_in_the_zone_is_a_repeat_linked_to_the_first_and_raised_to_major()
    {
        var scenario = new AuditScenario(_app);
        var member = await _app.SignInAsync("member-canteen");
        var week48 = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var items = week48.ItemsOf("check", "general");
        var (item, otherItem) = (items[0], items[1]);
        var first = (await member.PostJsonAsync($"/api/inspections/{week48.Id}/submit", week48.Fail(week48.Assets[0], item).Body()))
            .GetProperty("findings")[0].GetString()!;

        // The same item in another zone, the same week: not a repeat of the kitchen's.
        var hall = (await scenario.RaiseAsync("z-canteen-hall", itemId: item)).Single();
        await scenario.CloseAsync(first);

        await scenario.AdvanceAsync("P7D");
        await scenario.StartRoundAsync("2026-W49");
        var week49 = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var raised = (await member.PostJsonAsync(
                $"/api/inspections/{week49.Id}/submit",
                week49.Fail(week49.Assets[1], item).Fail(week49.Assets[2], otherItem).Body()))
            .GetProperty("findings").EnumerateArray().Select(f => f.GetString()!).ToList();

        var findings = await Task.WhenAll(raised.Select(scenario.FindingAsync));
        var repeat = findings.Single(f => f.GetProperty("itemId").GetString() == item);
        Assert.True(repeat.GetProperty("isRepeat").GetBoolean());
        Assert.Equal(first, repeat.GetProperty("repeatOf").GetString());
        Assert.Equal("major", repeat.GetProperty("severity").GetString());
        Assert.Equal(TimeSpan.FromHours(24), repeat.GetProperty("dueAt").GetDateTimeOffset() - repeat.GetProperty("raisedAt").GetDateTimeOffset());

        var other = findings.Single(f => f.GetProperty("itemId").GetString() == otherItem);
        Assert.False(other.GetProperty("isRepeat").GetBoolean());
        Assert.Equal("general", other.GetProperty("severity").GetString());
        Assert.False((await scenario.FindingAsync(hall)).GetProperty("isRepeat").GetBoolean());

        // Monday 11-30 is still November: one repeat costs the kitchen 25 of its repeats component; the hall has none.
        var ratings = (await (await _app.SignInAsync("safety1")).GetJsonAsync("/api/zones/ratings?month=2026-11"))
            .EnumerateArray().ToDictionary(r => r.GetProperty("zone").GetString()!, r => r.GetProperty("components").GetProperty("repeats").GetDecimal());
        Assert.Equal((75m, 100m), (ratings["z-canteen-kitchen"], ratings["z-canteen-hall"]));
    }

    [Fact]
    public async Task A_finding_older_than_the_window_is_not_repeated()
    {
        var scenario = new AuditScenario(_app);
        var member = await _app.SignInAsync("member-canteen");
        var week48 = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var item = week48.ItemOf("check", "general");
        await member.PostJsonAsync($"/api/inspections/{week48.Id}/submit", week48.Fail(week48.Assets[0], item).Body());

        // 91 days later is 2027-02-22 09:00, a Monday in ISO week 2027-W08.
        await scenario.AdvanceAsync("P91D");
        await scenario.StartRoundAsync("2027-W08");
        var later = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var raised = (await member.PostJsonAsync($"/api/inspections/{later.Id}/submit", later.Fail(later.Assets[0], item).Body()))
            .GetProperty("findings")[0].GetString()!;

        var finding = await scenario.FindingAsync(raised);
        Assert.False(finding.GetProperty("isRepeat").GetBoolean());
        Assert.Equal("general", finding.GetProperty("severity").GetString());
    }
}
