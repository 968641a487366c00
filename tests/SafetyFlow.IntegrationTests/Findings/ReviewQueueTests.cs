using System.Text.Json;
using SafetyFlow.IntegrationTests.Audit;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Findings;

/// <summary>
/// The supervisor's queue shows the fixes due first, as many as <c>SafetyFlow:Review:Shown</c> allows, and counts the
/// rest with a link to them all; the safety office, which decides no fix, is told nothing waits for it. On the
/// simulation clock (<see cref="ReviewQueueTests"/>) and on the system clock, whose deadlines differ by fractions of a
/// second (<see cref="ReviewQueueOnSystemClockTests"/>).
/// </summary>
public abstract class ReviewQueueFacts(string clock) : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?>
    {
        ["SafetyFlow:Review:Shown"] = "2",
        ["SafetyFlow:Clock:Mode"] = clock,
    });
    private List<string> _fixed = [];

    public async Task InitializeAsync()
    {
        var scenario = new AuditScenario(_app);
        _fixed = [.. await scenario.RaiseAsync("z-canteen-kitchen", assets: 2), .. await scenario.RaiseAsync("z-canteen-hall")];
        foreach (var id in _fixed)
        {
            await scenario.FixAsync(id);
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_supervisor_sees_the_fixes_due_first_and_how_many_wait_in_all()
    {
        var supervisor = await _app.SignInToPagesAsync("sup-canteen", language: "zh-CN");

        var page = await supervisor.PageAsync("/review");

        var dueFirst = (await Task.WhenAll(_fixed.Select(async id => await new AuditScenario(_app).FindingAsync(id))))
            .OrderBy(f => f.GetProperty("dueAt").GetDateTimeOffset())
            .ThenBy(f => Guid.Parse(f.GetProperty("id").GetString()!))
            .Take(2)
            .Select(f => f.GetProperty("id").GetString()!);
        Assert.Equal(dueFirst, PageClients.AttributeValues(page, "data-finding"));
        Assert.Contains("显示最早到期的 2 项，共 3 项。", page, StringComparison.Ordinal);
        Assert.Contains("data-waiting=\"3\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/findings?state=FixSubmitted&sort=due\"", page, StringComparison.Ordinal);

        // The link lists every one of them.
        var all = await supervisor.PageAsync("/findings?state=FixSubmitted&sort=due");
        Assert.Equal(_fixed.Order(), PageClients.AttributeValues(all, "data-finding").Distinct().Order());
    }

    [Fact]
    public async Task The_safety_office_which_decides_no_fix_is_told_none_waits()
    {
        var office = await _app.SignInToPagesAsync("safety1", language: "en");

        var page = await office.PageAsync("/review");

        Assert.Contains("No fixes are waiting.", page, StringComparison.Ordinal);
        Assert.Empty(PageClients.AttributeValues(page, "data-finding"));
        Assert.DoesNotContain("data-waiting", page, StringComparison.Ordinal);
    }
}

/// <summary>The queue on the simulation clock.</summary>
public sealed class ReviewQueueTests() : ReviewQueueFacts("Manual");

/// <summary>The queue on the system clock, as a real install runs.</summary>
public sealed class ReviewQueueOnSystemClockTests() : ReviewQueueFacts("System");
