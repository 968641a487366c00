using System.Net;
using System.Net.Http.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// Nobody accepts a fix they submitted or a finding they raised, nor decides their own extension request; two people
/// deciding at once cannot both win.
/// </summary>
public sealed class SeparationOfDutiesTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    public async Task InitializeAsync()
    {
        // A zone whose member is also a supervisor of the canteen, and an asset whose owner is also one.
        var admin = await _app.SignInAsync("admin");
        await admin.PostJsonAsync("/api/org/import", new
        {
            users = new object[]
            {
                new { userName = "inspector-boss", displayName = "Li Na", password = "Demo!2026", roles = new[] { "Member", "Supervisor" }, unit = "canteen-1" },
                new { userName = "fixer-boss", displayName = "Zhao Lei", password = "Demo!2026", roles = new[] { "Owner", "Supervisor" }, unit = "canteen-1" },
            },
            zones = new object[] { new { key = "z-canteen-store", name = "Canteen 1 store room", unit = "canteen-1", member = "inspector-boss" } },
            assets = new object[]
            {
                new { key = "ext-store-01", name = "Extinguisher S-01", type = "extinguisher", zone = "z-canteen-store", owner = "owner-fire" },
                new { key = "ext-store-02", name = "Extinguisher S-02", type = "extinguisher", zone = "z-canteen-store", owner = "fixer-boss" },
            },
        });
        var created = await admin.PostJsonAsync("/api/rounds", new { week = "2026-W48" });
        Assert.Equal(1, created.GetProperty("created").GetInt32());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Nobody_accepts_a_fix_for_a_finding_they_raised_or_a_fix_they_submitted()
    {
        var inspector = await _app.SignInAsync("inspector-boss");
        var checklist = await Checklist.OpenAsync(inspector, "weekly-extinguisher-check", "z-canteen-store");
        var item = checklist.ItemOf("check", "general");
        var submitted = await inspector.PostJsonAsync(
            $"/api/inspections/{checklist.Id}/submit",
            checklist.Fail("ext-store-01", item).Fail("ext-store-02", item).Body());
        var findings = submitted.GetProperty("findings").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Equal(2, findings.Count);

        var ownerFire = await _app.SignInAsync("owner-fire");
        var fixerBoss = await _app.SignInAsync("fixer-boss");
        var byAsset = new Dictionary<string, string>();
        foreach (var id in findings)
        {
            var finding = await inspector.GetJsonAsync($"/api/findings/{id}");
            byAsset[finding.GetProperty("asset").GetString()!] = id!;
        }

        await ownerFire.PostJsonAsync($"/api/findings/{byAsset["ext-store-01"]}/fix", new { note = "fixed" });
        var raised = await inspector.PostJsonAsync($"/api/findings/{byAsset["ext-store-01"]}/approve", new { }, HttpStatusCode.Forbidden);
        Assert.Contains("raised", raised.GetProperty("detail").GetString());

        await fixerBoss.PostJsonAsync($"/api/findings/{byAsset["ext-store-02"]}/fix", new { note = "fixed it myself" });
        var own = await fixerBoss.PostJsonAsync($"/api/findings/{byAsset["ext-store-02"]}/approve", new { }, HttpStatusCode.Forbidden);
        Assert.Contains("submitted", own.GetProperty("detail").GetString());

        // Another supervisor may accept both.
        var supervisor = await _app.SignInAsync("sup-canteen");
        await supervisor.PostJsonAsync($"/api/findings/{byAsset["ext-store-01"]}/approve", new { });
        await supervisor.PostJsonAsync($"/api/findings/{byAsset["ext-store-02"]}/approve", new { });
    }

    [Fact]
    public async Task A_supervisor_who_owns_the_finding_cannot_decide_their_own_extension_request()
    {
        var inspector = await _app.SignInAsync("inspector-boss");
        var checklist = await Checklist.OpenAsync(inspector, "weekly-extinguisher-check", "z-canteen-store");
        var submitted = await inspector.PostJsonAsync(
            $"/api/inspections/{checklist.Id}/submit",
            checklist.Fail("ext-store-02", checklist.ItemOf("check", "general")).Body());
        var findingId = submitted.GetProperty("findings")[0].GetString();
        var fixerBoss = await _app.SignInAsync("fixer-boss");
        var dueAt = (await fixerBoss.GetJsonAsync($"/api/findings/{findingId}")).GetProperty("dueAt").GetDateTimeOffset();
        var asked = await fixerBoss.PostJsonAsync($"/api/findings/{findingId}/extension", new { dueAt = dueAt.AddDays(5), reason = "parts on order" });
        Assert.DoesNotContain("approveExtension", asked.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));

        var approve = await fixerBoss.PostJsonAsync($"/api/findings/{findingId}/extension/approve", new { }, HttpStatusCode.Forbidden);
        var decline = await fixerBoss.PostJsonAsync($"/api/findings/{findingId}/extension/decline", new { }, HttpStatusCode.Forbidden);
        Assert.Contains("asked for this extension", approve.GetProperty("detail").GetString());
        Assert.Contains("asked for this extension", decline.GetProperty("detail").GetString());

        // The request still waits, and another supervisor over the zone decides it.
        var approved = await (await _app.SignInAsync("sup-canteen")).PostJsonAsync($"/api/findings/{findingId}/extension/approve", new { note = "fine" });
        Assert.Equal(dueAt.AddDays(5), approved.GetProperty("dueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Two_supervisors_accepting_the_same_fix_at_once_get_one_success_and_one_conflict()
    {
        var findingId = await EscalationTests.RaiseGeneralFindingAsync(_app);
        await (await _app.SignInAsync("owner-fire")).PostJsonAsync($"/api/findings/{findingId}/fix", new { note = "fixed" });

        // sup-canteen supervises the canteen; leader1 supervises the whole company above it.
        var first = await _app.SignInAsync("sup-canteen");
        var second = await _app.SignInAsync("leader1");
        var responses = await Task.WhenAll(
            first.PostAsJsonAsync($"/api/findings/{findingId}/approve", new { note = "a" }),
            second.PostAsJsonAsync($"/api/findings/{findingId}/approve", new { note = "b" }));
        var codes = responses.Select(r => r.StatusCode).Order().ToList();
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], codes);

        var finding = await first.GetJsonAsync($"/api/findings/{findingId}");
        Assert.Single(finding.GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "approve");
    }
}
