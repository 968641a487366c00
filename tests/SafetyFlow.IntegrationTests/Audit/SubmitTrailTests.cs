using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>
/// Submits that raise several findings at once, repeats among them, are sealed as one save: every finding's first record
/// follows one stored before it, and the whole trail verifies.
/// </summary>
public sealed class SubmitTrailTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_submit_raising_several_findings_and_repeats_in_one_save_leaves_a_trail_that_verifies()
    {
        var scenario = new AuditScenario(_app);
        var member = await _app.SignInAsync("member-canteen");
        var week48 = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var items = week48.ItemsOf("check", "general");
        var first = await SubmitFailingAsync(member, week48, items[0], items[1]);
        await scenario.RaiseAsync("z-dorm-a", assets: 2);

        await scenario.AdvanceAsync("P7D");
        await scenario.StartRoundAsync("2026-W49");
        var week49 = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var second = await SubmitFailingAsync(member, week49, items[0], items[1]);

        // The scenario happened: each submit raised a finding per asset and item, and the second repeats the first.
        Assert.Equal(week48.Assets.Count * 2, first.Count);
        Assert.True(first.Count >= 4, $"the kitchen has {week48.Assets.Count} extinguishers");
        var repeats = await Task.WhenAll(second.Select(scenario.FindingAsync));
        Assert.All(repeats, f => Assert.True(f.GetProperty("isRepeat").GetBoolean(), f.ToString()));
        Assert.Equal(second.Count, repeats.Select(f => f.GetProperty("repeatOf").GetString()!).Count(first.Contains));

        var result = await (await _app.SignInAsync("safety1")).GetJsonAsync("/api/audit/verify");
        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal(await CountRecordsAsync(), result.GetProperty("checked").GetInt32());

        // Within one save, each first record follows the first record stored just before it, in the order written.
        var firstRecords = await FirstRecordsAsync();
        for (var i = 1; i < firstRecords.Count; i++)
        {
            Assert.Equal(firstRecords[i - 1].Hash, firstRecords[i].PreviousHash);
        }
    }

    private static async Task<List<string>> SubmitFailingAsync(HttpClient member, Checklist checklist, params string[] items)
    {
        foreach (var asset in checklist.Assets)
        {
            foreach (var item in items)
            {
                checklist.Fail(asset, item, "隐患：" + item);
            }
        }

        var submitted = await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Body());
        return [.. submitted.GetProperty("findings").EnumerateArray().Select(f => f.GetString()!)];
    }

    private async Task<int> CountRecordsAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().FindingTransitions.CountAsync();
    }

    private async Task<List<(string Hash, string PreviousHash)>> FirstRecordsAsync()
    {
        using var scope = _app.Services.CreateScope();
        var records = await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().FindingTransitions.AsNoTracking()
            .Where(t => t.From == "")
            .OrderBy(t => t.Id)
            .Select(t => new { t.Hash, t.PreviousHash })
            .ToListAsync();
        return [.. records.Select(r => (r.Hash, r.PreviousHash))];
    }
}
