using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>
/// A hand-made November, driven through the API under the simulation clock (start Mon 2026-11-23 09:00 +08:00):
/// <list type="bullet">
/// <item>11-23 09:00: the kitchen raises A and B (general, due 11-30 09:00), the dormitory C and the office D (general),
/// the canteen hall E (major, due 11-24 09:00, five fixes recorded, left open).</item>
/// <item>11-24 09:00: A fixed and accepted (24 h, on time); C's owner asks for a longer deadline (declined).</item>
/// <item>11-26 09:00: B fixed, rejected, fixed, accepted (72 h, on time, one rejection).</item>
/// <item>12-02 09:00: D fixed and accepted (216 h, late).</item>
/// <item>12-05 09:00: now. C is 12 days old and overdue; E is overdue and under supervision.</item>
/// </list>
/// </summary>
public sealed class NovemberFixture : IAsyncLifetime
{
    public NovemberFixture()
        : this(null)
    {
    }

    /// <summary>The same November on an app with <paramref name="settings"/>, for a test that needs it set otherwise.</summary>
    internal NovemberFixture(IDictionary<string, string?>? settings) => App = new(SafetyFlowApp.NewDatabase(), settings: settings);

    public SafetyFlowApp App { get; }

    public string A { get; private set; } = "";

    public string B { get; private set; } = "";

    public string C { get; private set; } = "";

    public string D { get; private set; } = "";

    public string E { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var scenario = new AuditScenario(App);
        var kitchen = await scenario.RaiseAsync("z-canteen-kitchen", assets: 2);
        (A, B) = (kitchen[0], kitchen[1]);
        C = (await scenario.RaiseAsync("z-dorm-a")).Single();
        D = (await scenario.RaiseAsync("z-office-2f")).Single();
        E = (await scenario.RaiseAsync("z-canteen-hall", severity: "major")).Single();
        var fireOwner = await App.SignInAsync((await scenario.FindingAsync(E)).GetProperty("owner").GetString()!);
        await fireOwner.PostJsonAsync($"/api/findings/{E}/five-fixes", new
        {
            measures = "更换失效灭火器并张贴检查卡",
            funds = "800元",
            responsiblePerson = "王师傅",
            deadline = SafetyFlowApp.Start.AddDays(3),
            contingencyPlan = "临时调配两具灭火器",
        });

        await scenario.AdvanceAsync("P1D");
        await scenario.CloseAsync(A);
        var cOwner = await App.SignInAsync((await scenario.FindingAsync(C)).GetProperty("owner").GetString()!);
        await cOwner.PostJsonAsync($"/api/findings/{C}/extension", new { dueAt = SafetyFlowApp.Start.AddDays(10), reason = "等待配件" });
        await (await App.SignInAsync("sup-dorm")).PostJsonAsync($"/api/findings/{C}/extension/decline", new { note = "不同意" });

        await scenario.AdvanceAsync("P2D");
        await scenario.FixAsync(B);
        await scenario.RejectAsync(B);
        await scenario.CloseAsync(B);

        await scenario.AdvanceAsync("P6D");
        await scenario.CloseAsync(D);

        await scenario.AdvanceAsync("P3D");
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
