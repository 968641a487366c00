using System.Text.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>Raises, fixes and closes findings through the API under the simulation clock, for the audit figures.</summary>
internal sealed class AuditScenario(SafetyFlowApp app)
{
    public static readonly Dictionary<string, string> Supervisors = new()
    {
        ["z-canteen-kitchen"] = "sup-canteen",
        ["z-canteen-hall"] = "sup-canteen",
        ["z-dorm-a"] = "sup-dorm",
        ["z-office-2f"] = "sup-office",
    };

    public static readonly Dictionary<string, string> Members = new()
    {
        ["z-canteen-kitchen"] = "member-canteen",
        ["z-canteen-hall"] = "member-canteen",
        ["z-dorm-a"] = "member-dorm",
        ["z-office-2f"] = "member-office",
    };

    /// <summary>Submits the zone's weekly checklist with the given item failing on the first <paramref name="assets"/> assets.</summary>
    public async Task<List<string>> RaiseAsync(string zone, int assets = 1, string workflow = "weekly-extinguisher-check", string severity = "general", string? itemId = null)
    {
        var member = await app.SignInAsync(Members[zone]);
        var checklist = await Checklist.OpenAsync(member, workflow, zone);
        var item = itemId ?? checklist.ItemOf("check", severity);
        foreach (var asset in checklist.Assets.Take(assets))
        {
            checklist.Fail(asset, item, "隐患：" + item);
        }

        var submitted = await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Body());
        return [.. submitted.GetProperty("findings").EnumerateArray().Select(f => f.GetString()!)];
    }

    /// <summary>Submits a checklist with every item passing.</summary>
    public async Task PassAsync(string zone, string workflow = "weekly-extinguisher-check")
    {
        var member = await app.SignInAsync(Members[zone]);
        var checklist = await Checklist.OpenAsync(member, workflow, zone);
        await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Body());
    }

    public async Task<JsonElement> FindingAsync(string id) => await (await app.SignInAsync("safety1")).GetJsonAsync($"/api/findings/{id}");

    public async Task FixAsync(string id, string note = "已整改")
    {
        var finding = await FindingAsync(id);
        var owner = await app.SignInAsync(finding.GetProperty("owner").GetString()!);
        await owner.PostJsonAsync($"/api/findings/{id}/fix", new { note });
    }

    public async Task ApproveAsync(string id)
    {
        var finding = await FindingAsync(id);
        var supervisor = await app.SignInAsync(Supervisors[finding.GetProperty("zone").GetString()!]);
        await supervisor.PostJsonAsync($"/api/findings/{id}/approve", new { note = "验收合格" });
    }

    public async Task RejectAsync(string id)
    {
        var finding = await FindingAsync(id);
        var supervisor = await app.SignInAsync(Supervisors[finding.GetProperty("zone").GetString()!]);
        await supervisor.PostJsonAsync($"/api/findings/{id}/reject", new { reason = "整改不到位" });
    }

    public async Task CloseAsync(string id)
    {
        await FixAsync(id);
        await ApproveAsync(id);
    }

    public async Task AdvanceAsync(string by) =>
        await (await app.SignInAsync("admin")).PostJsonAsync("/api/admin/clock", new { advanceBy = by });

    public async Task StartRoundAsync(string week) =>
        await (await app.SignInAsync("admin")).PostJsonAsync("/api/rounds", new { week });
}
