using SafetyFlow.IntegrationTests.Support;
using static SafetyFlow.IntegrationTests.EscalationTests;

namespace SafetyFlow.IntegrationTests.Time;

/// <summary>
/// Findings raised either side of local midnight at a month's end in Asia/Shanghai, at sub-second instants: each counts
/// in its own local day and month, and deadlines, overdue filters and the ladder after an extension are exact.
/// </summary>
public sealed class LocalMidnightTests : IAsyncLifetime
{
    /// <summary>Monday 30 November 2026, 1.25 seconds before local midnight.</summary>
    private static readonly DateTimeOffset BeforeMidnight = new DateTimeOffset(2026, 11, 30, 23, 59, 58, TimeSpan.FromHours(8)).AddMilliseconds(750);

    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?>
    {
        ["SafetyFlow:Clock:Start"] = BeforeMidnight.ToString("O"),
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Findings_either_side_of_local_midnight_count_in_their_own_month()
    {
        var admin = await _app.SignInAsync("admin");
        var november = await RaiseGeneralFindingAsync(_app, "member-canteen", "z-canteen-kitchen");
        await AdvanceAsync(admin, "PT1.5S");
        var firstOfDecember = await RaiseGeneralFindingAsync(_app, "member-dorm", "z-dorm-a");
        await AdvanceAsync(admin, "PT30M");
        var halfPastMidnight = await RaiseGeneralFindingAsync(_app, "member-office", "z-office-2f");

        Assert.Equal("2026-11-30T23:59:58.750+08:00", (await FindingAsync(_app, november)).GetProperty("raisedAt").GetString());
        Assert.Equal("2026-12-01T00:00:00.250+08:00", (await FindingAsync(_app, firstOfDecember)).GetProperty("raisedAt").GetString());
        Assert.Equal("2026-12-01T00:30:00.250+08:00", (await FindingAsync(_app, halfPastMidnight)).GetProperty("raisedAt").GetString());

        var safety = await _app.SignInAsync("safety1");
        Assert.Equal(["z-canteen-kitchen"], await RaisedZonesAsync(safety, "from=2026-11-01&to=2026-11-30"));
        Assert.Equal(["z-canteen-kitchen"], await RaisedZonesAsync(safety, "from=2026-11-30&to=2026-11-30"));
        Assert.Equal(["z-dorm-a", "z-office-2f"], await RaisedZonesAsync(safety, "from=2026-12-01&to=2026-12-31"));
        Assert.Equal(["z-dorm-a", "z-office-2f"], await RaisedZonesAsync(safety, "from=2026-12-01&to=2026-12-01"));

        var byMonth = await safety.GetJsonAsync("/api/reports/closure?from=2026-11-01&to=2026-12-31&groupBy=month");
        Assert.Equal(
            [("2026-11", 1), ("2026-12", 2)],
            byMonth.EnumerateArray().Select(r => (r.GetProperty("key").GetString(), r.GetProperty("raised").GetInt32())).ToArray());

    }

    [Fact]
    public async Task A_deadline_at_a_sub_second_instant_turns_overdue_exactly_then()
    {
        var admin = await _app.SignInAsync("admin");
        var safety = await _app.SignInAsync("safety1");
        var findingId = await RaiseGeneralFindingAsync(_app, "member-canteen", "z-canteen-kitchen");
        Assert.Equal("2026-12-07T23:59:58.750+08:00", (await FindingAsync(_app, findingId)).GetProperty("dueAt").GetString());

        // Half a second before the deadline: reminded, not yet overdue, in the finding and in the overdue filter.
        await AdvanceAsync(admin, "P6DT23H59M59.5S");
        var before = await FindingAsync(_app, findingId);
        Assert.False(before.GetProperty("overdue").GetBoolean());
        Assert.Equal(0, before.GetProperty("escalationLevel").GetInt32());
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.reminder", findingId));
        Assert.DoesNotContain(findingId, await OverdueAsync(safety));

        // Half a second after it: overdue everywhere, and the deadline step has fired.
        await AdvanceAsync(admin, "PT1S");
        var after = await FindingAsync(_app, findingId);
        Assert.True(after.GetProperty("overdue").GetBoolean());
        Assert.Equal(1, after.GetProperty("escalationLevel").GetInt32());
        Assert.Contains(findingId, await OverdueAsync(safety));
    }

    [Fact]
    public async Task An_approved_extension_restarts_the_ladder_from_the_new_deadline_to_the_second()
    {
        var admin = await _app.SignInAsync("admin");
        var owner = await _app.SignInAsync("owner-fire");
        var findingId = await RaiseGeneralFindingAsync(_app, "member-canteen", "z-canteen-kitchen");
        await owner.PostJsonAsync($"/api/findings/{findingId}/extension", new { dueAt = "2026-12-10T20:00:00.500+08:00", reason = "spare part on order" });
        await (await _app.SignInAsync("sup-canteen")).PostJsonAsync($"/api/findings/{findingId}/extension/approve", new { note = "agreed" });

        // The old deadline passes unremarked; the reminder comes one day before the new one, not a second earlier.
        await AdvanceAsync(admin, "P8DT20H0M1.25S");
        Assert.Equal(0, await CountAsync(_app, "owner-fire", "finding.reminder", findingId));
        Assert.False((await FindingAsync(_app, findingId)).GetProperty("overdue").GetBoolean());

        await AdvanceAsync(admin, "PT1S");
        Assert.Equal(1, await CountAsync(_app, "owner-fire", "finding.reminder", findingId));
        Assert.Equal(0, (await FindingAsync(_app, findingId)).GetProperty("escalationLevel").GetInt32());

        // And the deadline step at the new deadline itself.
        await AdvanceAsync(admin, "P1D");
        var overdue = await FindingAsync(_app, findingId);
        Assert.True(overdue.GetProperty("overdue").GetBoolean());
        Assert.Equal(1, overdue.GetProperty("escalationLevel").GetInt32());
        Assert.Equal(1, await CountAsync(_app, "sup-canteen", "finding.escalated", findingId));
    }

    private static async Task<string[]> RaisedZonesAsync(HttpClient client, string period)
    {
        var rows = await client.GetJsonAsync($"/api/reports/closure?{period}&groupBy=zone");
        return [.. rows.EnumerateArray().Where(r => r.GetProperty("raised").GetInt32() > 0).Select(r => r.GetProperty("key").GetString()!).Order(StringComparer.Ordinal)];
    }

    private static async Task<string[]> OverdueAsync(HttpClient client) =>
        [.. (await client.GetJsonAsync("/api/findings?overdue=true")).EnumerateArray().Select(f => f.GetProperty("id").GetString()!)];
}
