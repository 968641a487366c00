using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>The trail check read a page at a time: every page counted, a break in a later page still named.</summary>
public sealed class TrailPagesTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(
        SafetyFlowApp.NewDatabase(),
        settings: new Dictionary<string, string?> { ["SafetyFlow:Audit:VerifyPageSize"] = "2" });

    public async Task InitializeAsync()
    {
        // Five findings from four inspections: three pages of findings, two of inspections.
        var scenario = new AuditScenario(_app);
        var findings = new List<string>();
        foreach (var (zone, assets) in new[] { ("z-canteen-kitchen", 2), ("z-canteen-hall", 1), ("z-dorm-a", 1), ("z-office-2f", 1) })
        {
            findings.AddRange(await scenario.RaiseAsync(zone, assets));
        }

        Assert.Equal(5, findings.Count);
        await scenario.CloseAsync(findings[0]);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Every_page_is_checked_and_counted()
    {
        var result = await VerifyAsync();

        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal(await CountRecordsAsync(), result.GetProperty("checked").GetInt32());
        Assert.True(result.GetProperty("checked").GetInt32() > 5);
    }

    [Fact]
    public async Task A_record_changed_in_the_last_page_is_named_and_every_record_still_counted()
    {
        long record;
        Guid finding;
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            finding = (await db.Findings.AsNoTracking().OrderBy(f => f.Id).Select(f => f.Id).ToListAsync())[^1];
            record = await db.FindingTransitions.Where(t => t.FindingId == finding).MinAsync(t => t.Id);
            Assert.Equal(1, await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "FindingTransitions" SET "Note" = 'nothing was wrong' WHERE "Id" = {record}"""));
        }

        var result = await VerifyAsync();

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(await CountRecordsAsync(), result.GetProperty("checked").GetInt32());
        var broken = result.GetProperty("firstBroken");
        Assert.Equal(finding.ToString(), broken.GetProperty("findingId").GetString());
        Assert.Equal(record, broken.GetProperty("transitionId").GetInt64());
        Assert.Contains("content does not match", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_removed_from_the_last_inspection_in_a_later_page_is_named()
    {
        Guid inspection;
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            inspection = (await db.Inspections.AsNoTracking().Where(i => db.InspectionResults.Any(r => r.InspectionId == i.Id)).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync())[^1];
            var answer = await db.InspectionResults.Where(r => r.InspectionId == inspection).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
            Assert.Equal(1, await db.Database.ExecuteSqlInterpolatedAsync($"""DELETE FROM "InspectionResults" WHERE "Id" = {answer}"""));
        }

        var broken = (await VerifyAsync()).GetProperty("firstBroken");

        Assert.Equal(inspection.ToString(), broken.GetProperty("inspectionId").GetString());
        Assert.Contains("answers or fields differ", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("VerifyPageSize", "0")]
    [InlineData("VerifyPageSize", "10001")]
    [InlineData("PageCheckRecords", "-1")]
    public async Task An_audit_setting_out_of_range_stops_start_up_naming_the_key(string setting, string value)
    {
        var (exitCode, message) = await AppProcess.RunToExitAsync(new Dictionary<string, string> { [$"SafetyFlow__Audit__{setting}"] = value });

        Assert.Equal(1, exitCode);
        Assert.Contains($"SafetyFlow:Audit:{setting}", message, StringComparison.Ordinal);
    }

    private async Task<JsonElement> VerifyAsync() =>
        await (await _app.SignInAsync("safety1")).GetJsonAsync("/api/audit/verify");

    private async Task<int> CountRecordsAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().FindingTransitions.CountAsync();
    }
}
