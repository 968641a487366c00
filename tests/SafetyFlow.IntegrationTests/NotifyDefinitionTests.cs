using System.Text.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>Who is told is written in rectification.yaml: an operator who changes the file changes who is told.</summary>
public sealed class NotifyDefinitionTests
{
    private const string RejectTellsTheOwner = "{ kind: fix.rejected, audiences: [Owner] }";

    [Fact]
    public async Task Adding_the_safety_office_to_reject_in_the_file_tells_the_safety_office_of_each_rejection()
    {
        var unchanged = RepoFolders.CopyOfWorkflows();
        var edited = RepoFolders.CopyOfWorkflows();
        RepoFolders.ReplaceOnce(Path.Combine(edited, "rectification.yaml"), RejectTellsTheOwner, "{ kind: fix.rejected, audiences: [Owner, SafetyOffice] }");

        var asWritten = await RejectAFixAsync(unchanged);
        var withSafetyOffice = await RejectAFixAsync(edited);

        Assert.Empty(asWritten.SafetyOffice);
        Assert.Equal(1, asWritten.Owner);
        var told = Assert.Single(withSafetyOffice.SafetyOffice);
        Assert.Contains("still unreadable", told, StringComparison.Ordinal);
        Assert.Equal(1, withSafetyOffice.Owner);
        Assert.Equal(["Owner"], asWritten.RejectAudiences);
        Assert.Equal(["Owner", "SafetyOffice"], withSafetyOffice.RejectAudiences);
    }

    [Fact]
    public async Task The_api_and_the_workflow_page_show_who_is_told_at_each_transition()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        var office = await app.SignInAsync("safety1");

        var rectification = await office.GetJsonAsync("/api/workflows/rectification");
        var told = rectification.GetProperty("transitions").EnumerateArray().ToDictionary(
            t => t.GetProperty("trigger").GetString()!,
            t => string.Join("; ", t.GetProperty("notify").EnumerateArray().Select(Message)));
        Assert.Equal("finding.closed: Owner, Raiser", told["approve"]);
        Assert.Equal("fix.rejected: Owner", told["reject"]);
        Assert.Equal("", told["recordFiveFixes"]);
        Assert.Equal("finding.assigned: Owner", Message(rectification.GetProperty("raise").GetProperty("notify")[0]));
        Assert.Equal("fix.submitted: Supervisor", Message(rectification.GetProperty("raise").GetProperty("fixedOnSpot")[0]));

        var pages = await app.SignInToPagesAsync("safety1", language: "en");
        pages.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var english = await pages.PageAsync("/workflow");
        Assert.Contains("Who is told", english, StringComparison.Ordinal);
        Assert.Contains("<td>Accepted</td><td>Finding closed</td><td>Owner, Raiser</td>", english, StringComparison.Ordinal);
        Assert.Contains("<td>Five fixes recorded</td><td></td><td>Nobody</td>", english, StringComparison.Ordinal);

        var chinesePages = await app.SignInToPagesAsync("safety1", language: "zh-CN");
        chinesePages.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = await chinesePages.PageAsync("/workflow");
        Assert.Contains("通知对象", chinese, StringComparison.Ordinal);
        Assert.Contains("<td>退回整改</td><td>整改未通过</td><td>责任人</td>", chinese, StringComparison.Ordinal);
    }

    /// <summary>Raises a finding, has it fixed and rejected under the given workflows folder; what the owner and the safety office got.</summary>
    private static async Task<(IReadOnlyList<string> SafetyOffice, int Owner, IReadOnlyList<string> RejectAudiences)> RejectAFixAsync(string workflows)
    {
        var settings = new Dictionary<string, string?> { ["SafetyFlow:Workflows:Path"] = workflows };
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase(), settings: settings);
        var findingId = await EscalationTests.RaiseGeneralFindingAsync(app);
        var owner = await app.SignInAsync("owner-fire");
        var supervisor = await app.SignInAsync("sup-canteen");
        await owner.PostJsonAsync($"/api/findings/{findingId}/fix", new { note = "replaced the nameplate" });
        var rejected = await supervisor.PostJsonAsync($"/api/findings/{findingId}/reject", new { reason = "still unreadable" });
        Assert.Equal("Open", rejected.GetProperty("state").GetString());

        var inbox = await (await app.SignInAsync("safety1")).GetJsonAsync("/api/notifications?mine=true&limit=1000");
        var safetyOffice = inbox.EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == "fix.rejected" && n.GetProperty("findingId").GetString() == findingId)
            .Select(n => n.GetProperty("text").GetString()!)
            .ToList();
        var reject = (await supervisor.GetJsonAsync("/api/workflows/rectification")).GetProperty("transitions").EnumerateArray()
            .Single(t => t.GetProperty("trigger").GetString() == "reject");
        return (
            safetyOffice,
            await EscalationTests.CountAsync(app, "owner-fire", "fix.rejected", findingId),
            [.. reject.GetProperty("notify").EnumerateArray().Single().GetProperty("audiences").EnumerateArray().Select(a => a.GetString()!)]);
    }

    private static string Message(JsonElement message) =>
        $"{message.GetProperty("kind").GetString()}: {string.Join(", ", message.GetProperty("audiences").EnumerateArray().Select(a => a.GetString()))}";
}
