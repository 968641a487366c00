using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Jobs;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>
/// Verify resumes after the last checkpoint a check found intact: it checks what was written since, finds what was
/// changed since, and leaves what was changed in place before it to the full check (<c>?full=true</c>, the daily job).
/// These facts hold on the simulation clock (<see cref="TrailResumeTests"/>, which also moves it past the hour a
/// resumed check looks back) and on the system clock, where what follows the daily check comes moments after it
/// (<see cref="TrailResumeOnSystemClockTests"/>).
/// </summary>
public abstract class TrailResumeFacts(IDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    private protected readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase(), settings: settings);
    private protected AuditScenario _scenario = null!;
    private protected List<string> _findings = [];

    public async Task InitializeAsync()
    {
        _scenario = new AuditScenario(_app);
        _findings = [.. await _scenario.RaiseAsync("z-canteen-kitchen", assets: 2), .. await _scenario.RaiseAsync("z-dorm-a")];
        await _scenario.CloseAsync(_findings[0]);

        // The daily job signs a checkpoint and checks the whole trail, which marks the checkpoint verified.
        using var scope = _app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<TrailCheckpointJob>().RunAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_verify_checks_only_the_records_written_after_the_last_checkpoint_found_intact()
    {
        var atJob = await CountRecordsAsync();
        var nothingNew = await VerifyAsync();
        Assert.True(nothingNew.GetProperty("ok").GetBoolean(), nothingNew.ToString());
        Assert.Equal(0, nothingNew.GetProperty("checked").GetInt32());

        await _scenario.FixAsync(_findings[1]);
        var afterFix = await CountRecordsAsync();
        Assert.True(afterFix > atJob);
        var resumed = await VerifyAsync();
        Assert.True(resumed.GetProperty("ok").GetBoolean(), resumed.ToString());
        Assert.Equal(afterFix - atJob, resumed.GetProperty("checked").GetInt32());

        // A checkpoint signed since is marked verified by the next check that finds the trail intact, and the one after
        // resumes from it.
        await (await _app.SignInAsync("admin")).GetJsonAsync("/api/audit/checkpoint");
        Assert.Equal(afterFix - atJob, (await VerifyAsync()).GetProperty("checked").GetInt32());
        await _scenario.RejectAsync(_findings[1]);
        var second = await VerifyAsync();
        Assert.True(second.GetProperty("ok").GetBoolean(), second.ToString());
        Assert.Equal(await CountRecordsAsync() - afterFix, second.GetProperty("checked").GetInt32());

        var full = await VerifyAsync(full: true);
        Assert.True(full.GetProperty("ok").GetBoolean(), full.ToString());
        Assert.Equal(await CountRecordsAsync(), full.GetProperty("checked").GetInt32());
    }

    [Fact]
    public async Task A_record_changed_after_the_checkpoint_is_found_by_a_resumed_verify()
    {
        await _scenario.FixAsync(_findings[1]);
        var fix = (await RecordsAsync(_findings[1]))[^1];

        await SqlAsync($"UPDATE \"FindingTransitions\" SET \"Note\" = 'fixed nothing' WHERE \"Id\" = {fix}");

        var broken = Broken(await VerifyAsync());
        Assert.Equal(_findings[1], broken.GetProperty("findingId").GetString());
        Assert.Equal(fix, broken.GetProperty("transitionId").GetInt64());
        Assert.Contains("content does not match", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finding_changed_with_a_record_after_the_checkpoint_is_found_by_a_resumed_verify()
    {
        await _scenario.FixAsync(_findings[1]);
        var fix = (await RecordsAsync(_findings[1]))[^1];

        await SqlAsync($"UPDATE \"Findings\" SET \"FixNote\" = 'replaced the whole cabinet' WHERE \"Id\" = {TrailTamperingTests.GuidLiteral(_findings[1])}");

        var broken = Broken(await VerifyAsync());
        Assert.Equal(fix, broken.GetProperty("transitionId").GetInt64());
        Assert.Contains("stored fields differ", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_changed_in_place_before_the_checkpoint_is_found_by_a_full_verify_and_stays_reported()
    {
        // The first record of an open finding: neither the checkpoint's last record nor one of a finding written to since.
        var raised = (await RecordsAsync(_findings[1]))[0];

        await SqlAsync($"UPDATE \"FindingTransitions\" SET \"Note\" = 'nothing was wrong' WHERE \"Id\" = {raised}");

        // The resumed check does not read records it found intact before: what it leaves is the full check's.
        Assert.True((await VerifyAsync()).GetProperty("ok").GetBoolean());
        var broken = Broken(await VerifyAsync(full: true));
        Assert.Equal(raised, broken.GetProperty("transitionId").GetInt64());
        Assert.Contains("content does not match", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Once a full check has found it, every check after it reports it.
        Assert.Equal(raised, Broken(await VerifyAsync()).GetProperty("transitionId").GetInt64());
    }

    [Fact]
    public async Task A_record_removed_before_the_checkpoint_makes_a_resumed_verify_check_from_the_start()
    {
        var records = await RecordsAsync(_findings[0]);

        await SqlAsync($"DELETE FROM \"FindingTransitions\" WHERE \"Id\" = {records[1]}");

        var broken = Broken(await VerifyAsync());
        Assert.True(records[2] == broken.GetProperty("transitionId").GetInt64(), $"{string.Join(", ", records)}: {broken}");
        Assert.Contains("does not follow", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inspection_submitted_moments_after_the_check_is_checked_by_a_resumed_verify() =>
        await SubmitAndFindChangedAsync();

    [Fact]
    public async Task A_verified_mark_moved_behind_the_apps_back_is_refused()
    {
        // Moving the mark's time back would widen nothing; moving it forward would hide inspections. Either breaks its seal.
        await SqlAsync(TestDatabase.IsPostgres
            ? """UPDATE "TrailCheckpoints" SET "VerifiedAt" = "VerifiedAt" + INTERVAL '1 day' WHERE "VerifiedAt" IS NOT NULL"""
            : """UPDATE "TrailCheckpoints" SET "VerifiedAt" = "VerifiedAt" + 864000000000 WHERE "VerifiedAt" IS NOT NULL""");

        var broken = Broken(await VerifyAsync());
        Assert.Contains("not those it was signed for", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private protected async Task<JsonElement> VerifyAsync(bool full = false) =>
        await (await _app.SignInAsync("safety1")).GetJsonAsync(full ? "/api/audit/verify?full=true" : "/api/audit/verify");

    private protected static JsonElement Broken(JsonElement result)
    {
        Assert.False(result.GetProperty("ok").GetBoolean(), result.ToString());
        return result.GetProperty("firstBroken");
    }

    private protected async Task<int> CountRecordsAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().FindingTransitions.CountAsync();
    }

    private protected async Task<List<long>> RecordsAsync(string findingId)
    {
        using var scope = _app.Services.CreateScope();
        var id = Guid.Parse(findingId);
        return await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().FindingTransitions
            .Where(t => t.FindingId == id).OrderBy(t => t.Id).Select(t => t.Id).ToListAsync();
    }

    /// <summary>The office's inspection is submitted now and its answers changed after: a resumed check names it.</summary>
    private protected async Task SubmitAndFindChangedAsync()
    {
        await _scenario.PassAsync("z-office-2f");
        var after = await InspectionOfAsync("z-office-2f");

        await ChangeAnswersAsync(after);

        var resumed = Broken(await VerifyAsync());
        Assert.Equal(after, resumed.GetProperty("inspectionId").GetGuid());
        Assert.Contains("answers or fields differ", resumed.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private protected async Task<Guid> InspectionOfAsync(string zone) => await SavedWork.ReadAsync(
        _app, db => db.Inspections.Where(i => i.Zone!.Key == zone && i.SubmittedAt != null).Select(i => i.Id).SingleAsync());

    /// <summary>Gives every answer of the inspection another note, behind the app's back.</summary>
    private protected async Task ChangeAnswersAsync(Guid inspection)
    {
        using var scope = _app.Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Database.ExecuteSqlAsync(
            $"""UPDATE "InspectionResults" SET "Note" = 'all in order' WHERE "InspectionId" = {inspection}""") > 0);
    }

    private protected async Task SqlAsync(string sql)
    {
        using var scope = _app.Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Database.ExecuteSqlRawAsync(sql) > 0);
    }
}

/// <summary>The facts on the simulation clock, and those that move it past the hour a resumed check looks back.</summary>
public sealed class TrailResumeTests : TrailResumeFacts
{
    [Fact]
    public async Task An_inspection_submitted_after_the_checkpoint_is_checked_by_a_resumed_verify()
    {
        // The office's inspection, made by this week's round before the check, is submitted two hours after it.
        await CheckTwoHoursLaterAsync();
        await _scenario.AdvanceAsync("PT2H");
        await SubmitAndFindChangedAsync();
    }

    [Fact]
    public async Task An_inspection_submitted_before_the_checkpoint_is_left_to_the_full_check()
    {
        await CheckTwoHoursLaterAsync();
        var before = await InspectionOfAsync("z-canteen-kitchen");

        await ChangeAnswersAsync(before);

        Assert.True((await VerifyAsync()).GetProperty("ok").GetBoolean());
        Assert.Equal(before, Broken(await VerifyAsync(full: true)).GetProperty("inspectionId").GetGuid());
    }

    [Fact]
    public async Task An_inspection_a_round_makes_after_the_checkpoint_is_checked_by_a_resumed_verify()
    {
        await _scenario.AdvanceAsync("PT2H");
        await _scenario.StartRoundAsync("2026-W49");
        var made = await SavedWork.ReadAsync(_app, db => db.Inspections.Where(i => i.Week == "2026-W49").OrderBy(i => i.Id).Select(i => i.Id).FirstAsync());

        using (var scope = _app.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Database.ExecuteSqlAsync(
                $"""UPDATE "Inspections" SET "VisitWindowEnd" = "VisitWindowStart" WHERE "Id" = {made}"""));
        }

        Assert.Equal(made, Broken(await VerifyAsync()).GetProperty("inspectionId").GetGuid());
    }

    /// <summary>
    /// The daily job two hours after the kitchen's submit: its checkpoint leaves that submit behind the hour a resumed
    /// check looks back.
    /// </summary>
    private async Task CheckTwoHoursLaterAsync()
    {
        await _scenario.AdvanceAsync("PT2H");
        using var scope = _app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<TrailCheckpointJob>().RunAsync(CancellationToken.None);
    }
}

/// <summary>The facts on the system clock, as a real install runs: what follows the daily check comes moments after it.</summary>
public sealed class TrailResumeOnSystemClockTests() : TrailResumeFacts(new Dictionary<string, string?> { ["SafetyFlow:Clock:Mode"] = "System" });
