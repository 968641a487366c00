using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>The tamper-evident trail: intact when the app writes, broken and named when a row is changed behind its back.</summary>
public sealed class TrailTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());
    private AuditScenario _scenario = null!;
    private List<string> _findings = [];

    public async Task InitializeAsync()
    {
        _scenario = new AuditScenario(_app);

        // Two findings in the kitchen, one in the dormitory; the first is fixed, rejected, fixed again and accepted.
        _findings = [.. await _scenario.RaiseAsync("z-canteen-kitchen", assets: 2), .. await _scenario.RaiseAsync("z-dorm-a")];
        await _scenario.FixAsync(_findings[0]);
        await _scenario.RejectAsync(_findings[0]);
        await _scenario.CloseAsync(_findings[0]);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_trail_written_by_the_api_and_the_escalation_sweep_verifies()
    {
        // Ten days on, the sweep has reminded and escalated the two open findings: its records are chained too.
        await _scenario.AdvanceAsync("P10D");

        var result = await VerifyAsync();

        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal(await CountRecordsAsync(), result.GetProperty("checked").GetInt32());
        Assert.True(result.GetProperty("checked").GetInt32() >= 3 + 4 + 6);
        Assert.Matches("^[0-9a-f]{64}$", result.GetProperty("head").GetString());
    }

    [Fact]
    public async Task Editing_a_history_note_is_detected_and_the_record_named()
    {
        var (fixRecord, _) = await RecordAsync(_findings[0], "fix");

        await SqlAsync($"""UPDATE "FindingTransitions" SET "Note" = 'nothing was wrong' WHERE "Id" = {fixRecord}""");

        var broken = await BrokenAsync();
        Assert.Equal(_findings[0], broken.GetProperty("findingId").GetString());
        Assert.Equal(fixRecord, broken.GetProperty("transitionId").GetInt64());
        Assert.Contains("content does not match", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_a_findings_state_behind_the_app_is_detected_on_its_latest_record()
    {
        var (raise, _) = await RecordAsync(_findings[2], "raise");
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var id = Guid.Parse(_findings[2]);
            await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "Findings" SET "State" = 'Closed', "EscalationLevel" = 0 WHERE "Id" = {id}""");
        }

        var broken = await BrokenAsync();
        Assert.Equal(_findings[2], broken.GetProperty("findingId").GetString());
        Assert.Equal(raise, broken.GetProperty("transitionId").GetInt64());
        Assert.Contains("stored fields differ", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moving_a_deadline_behind_the_app_is_detected()
    {
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var id = Guid.Parse(_findings[1]);
            var finding = await db.Findings.AsNoTracking().SingleAsync(f => f.Id == id);
            var later = finding.DueAt.AddDays(30);

            // Written as the app writes it, so only the trail can tell: UTC ticks on SQLite, timestamptz on PostgreSQL.
            object stored = TestDatabase.IsPostgres
                ? later.ToUniversalTime()
                : (long)new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter().ConvertToProvider(later)!;
            await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "Findings" SET "DueAt" = {stored} WHERE "Id" = {id}""");
        }

        var broken = await BrokenAsync();
        Assert.Equal(_findings[1], broken.GetProperty("findingId").GetString());
    }

    [Fact]
    public async Task Removing_a_record_from_the_middle_of_a_history_is_detected_at_the_record_after_it()
    {
        var (reject, _) = await RecordAsync(_findings[0], "reject");
        var next = (await RecordsAsync(_findings[0])).First(r => r.Id > reject).Id;

        await SqlAsync($"""DELETE FROM "FindingTransitions" WHERE "Id" = {reject}""");

        var broken = await BrokenAsync();
        Assert.Equal(next, broken.GetProperty("transitionId").GetInt64());
        Assert.Contains("does not follow the finding's previous record", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_a_whole_finding_is_detected_at_the_finding_raised_after_it()
    {
        var removed = Guid.Parse(_findings[1]);
        var (nextRaise, _) = await RecordAsync(_findings[2], "raise");
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""DELETE FROM "Outbox" WHERE "NotificationId" IN (SELECT "Id" FROM "Notifications" WHERE "FindingId" = {removed})""");
            await db.Database.ExecuteSqlInterpolatedAsync($"""DELETE FROM "Notifications" WHERE "FindingId" = {removed}""");
            await db.Database.ExecuteSqlInterpolatedAsync($"""DELETE FROM "FindingTransitions" WHERE "FindingId" = {removed}""");
            Assert.Equal(1, await db.Database.ExecuteSqlInterpolatedAsync($"""DELETE FROM "Findings" WHERE "Id" = {removed}"""));
        }

        var broken = await BrokenAsync();
        Assert.Equal(_findings[2], broken.GetProperty("findingId").GetString());
        Assert.Equal(nextRaise, broken.GetProperty("transitionId").GetInt64());
        Assert.Contains("no longer stored", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_safety_office_and_admins_may_verify()
    {
        var supervisor = await _app.SignInAsync("sup-canteen");
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/audit/verify")).StatusCode);
        Assert.True((await (await _app.SignInAsync("admin")).GetJsonAsync("/api/audit/verify")).GetProperty("ok").GetBoolean());
    }

    private async Task<System.Text.Json.JsonElement> VerifyAsync() =>
        await (await _app.SignInAsync("safety1")).GetJsonAsync("/api/audit/verify");

    private async Task<System.Text.Json.JsonElement> BrokenAsync()
    {
        var result = await VerifyAsync();
        Assert.False(result.GetProperty("ok").GetBoolean());
        return result.GetProperty("firstBroken");
    }

    private async Task SqlAsync(string sql)
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(sql));
    }

    private async Task<int> CountRecordsAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().FindingTransitions.CountAsync();
    }

    private async Task<List<(long Id, string Action)>> RecordsAsync(string findingId)
    {
        using var scope = _app.Services.CreateScope();
        var id = Guid.Parse(findingId);
        var rows = await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().FindingTransitions
            .Where(t => t.FindingId == id).OrderBy(t => t.Id).Select(t => new { t.Id, t.Action }).ToListAsync();
        return [.. rows.Select(r => (r.Id, r.Action))];
    }

    private async Task<(long Id, string Action)> RecordAsync(string findingId, string action) =>
        (await RecordsAsync(findingId)).First(r => r.Action == action);
}
