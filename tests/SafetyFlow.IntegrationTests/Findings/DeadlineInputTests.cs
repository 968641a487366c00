using System.Net;
using System.Text.Json;
using SafetyFlow.IntegrationTests.Support;
using static SafetyFlow.IntegrationTests.EscalationTests;

namespace SafetyFlow.IntegrationTests.Findings;

/// <summary>
/// Deadlines a person types: the five fixes may not be due before today as people in Asia/Shanghai read the date, and an
/// extension further than the definition allows (14 days, one request) is refused naming <c>dueAt</c> with the limit,
/// at sub-second instants either side of local midnight.
/// </summary>
public sealed class DeadlineInputTests : IAsyncLifetime
{
    /// <summary>Monday 30 November 2026, three quarters of a second before local midnight (15:59:59.250 UTC).</summary>
    private static readonly DateTimeOffset BeforeMidnight = new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.FromHours(8)).AddMilliseconds(250);

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?>
    {
        ["SafetyFlow:Clock:Start"] = BeforeMidnight.ToString("O"),
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Five_fixes_due_before_the_local_today_are_refused_naming_the_deadline_either_side_of_midnight()
    {
        var owner = await _app.SignInAsync("owner-fire");
        var admin = await _app.SignInAsync("admin");
        var first = await RaiseGeneralFindingAsync(_app);
        var second = await RaiseGeneralFindingAsync(_app, "member-dorm", "z-dorm-a");

        // A millisecond before the local day began is yesterday, though it is the same UTC date as now.
        var yesterday = await owner.PostJsonAsync($"/api/findings/{first}/five-fixes", Plan(new DateTimeOffset(2026, 11, 29, 23, 59, 59, Shanghai).AddMilliseconds(999)), HttpStatusCode.BadRequest);
        var message = Assert.Single(yesterday.Errors()["deadline"]);
        Assert.Equal("The deadline may not be before today (2026-11-30 in Asia/Shanghai).", message);
        Assert.Equal(["deadline"], yesterday.Errors().Keys);
        Assert.Equal(JsonValueKind.Null, (await FindingAsync(_app, first)).GetProperty("fiveFixes").ValueKind);

        // Early on the local today is accepted, though in UTC it is still the day before.
        var today = await owner.PostJsonAsync($"/api/findings/{first}/five-fixes", Plan(new DateTimeOffset(2026, 11, 30, 0, 30, 0, Shanghai)));
        Assert.Equal("2026-11-30T00:30:00+08:00", today.GetProperty("fiveFixes").GetProperty("deadline").GetString());

        // Past local midnight the same date is yesterday; the new day is accepted from its first instant.
        await AdvanceAsync(admin, "PT1S");
        var late = await owner.PostJsonAsync($"/api/findings/{second}/five-fixes", Plan(new DateTimeOffset(2026, 11, 30, 18, 0, 0, Shanghai)), HttpStatusCode.BadRequest);
        Assert.Equal("The deadline may not be before today (2026-12-01 in Asia/Shanghai).", Assert.Single(late.Errors()["deadline"]));
        await owner.PostJsonAsync($"/api/findings/{second}/five-fixes", Plan(new DateTimeOffset(2026, 12, 1, 0, 0, 0, Shanghai)));
    }

    [Fact]
    public async Task An_extension_further_than_the_limit_is_refused_with_the_limit_naming_due_at()
    {
        var owner = await _app.SignInAsync("owner-fire");
        var findingId = await RaiseGeneralFindingAsync(_app);
        var dueAt = (await FindingAsync(_app, findingId)).GetProperty("dueAt").GetDateTimeOffset();
        Assert.Equal(250, dueAt.Millisecond);

        var tooFar = await owner.PostJsonAsync(
            $"/api/findings/{findingId}/extension", new { dueAt = dueAt.AddDays(14).AddMilliseconds(1), reason = "parts on order" }, HttpStatusCode.BadRequest);
        Assert.Equal("An extension may move the deadline at most 14 days past the current one.", Assert.Single(tooFar.Errors()["dueAt"]));
        var notLater = await owner.PostJsonAsync(
            $"/api/findings/{findingId}/extension", new { dueAt, reason = "parts on order" }, HttpStatusCode.BadRequest);
        Assert.Equal("The requested deadline must be later than the current one.", Assert.Single(notLater.Errors()["dueAt"]));

        // Refused requests are not counted: the one request allowed is still there, up to the limit to the millisecond.
        var asked = await owner.PostJsonAsync($"/api/findings/{findingId}/extension", new { dueAt = dueAt.AddDays(14), reason = "parts on order" });
        Assert.Equal(dueAt.AddDays(14), asked.GetProperty("pendingExtension").GetProperty("dueAt").GetDateTimeOffset());
        var supervisor = await _app.SignInAsync("sup-canteen");
        await supervisor.PostJsonAsync($"/api/findings/{findingId}/extension/decline", new { note = "fix it now" });
        var again = await owner.PostJsonAsync($"/api/findings/{findingId}/extension", new { dueAt = dueAt.AddDays(1), reason = "please" }, HttpStatusCode.Conflict);
        Assert.Equal("No further extension may be requested for this finding: at most 1 per finding.", again.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task On_the_page_in_Chinese_the_limit_comes_back_at_the_field_with_what_was_typed()
    {
        var findingId = await RaiseGeneralFindingAsync(_app);
        var owner = await _app.SignInToPagesAsync("owner-fire", language: "zh-CN");
        var path = $"/findings/{findingId}";
        var token = await owner.AntiForgeryTokenAsync(path);

        var sent = await owner.PostAsync($"{path}?handler=Extension", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["dueOn"] = "2026-12-31",
            ["reason"] = "备件下周到货",
        }));

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var html = await sent.Content.ReadAsStringAsync();
        Assert.Contains("延期最多只能将期限推后 14 天。", html, StringComparison.Ordinal);
        Assert.Contains("value=\"2026-12-31\"", html, StringComparison.Ordinal);
        Assert.Contains(">备件下周到货</textarea>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("此隐患当前状态不允许此操作", html, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await FindingAsync(_app, findingId)).GetProperty("pendingExtension").ValueKind);
    }

    internal static object Plan(DateTimeOffset deadline) => new
    {
        measures = "Replace the extinguisher",
        funds = "CNY 300",
        responsiblePerson = "Wang Qiang",
        deadline,
        contingencyPlan = "A spare stands by the door",
    };
}

/// <summary>The five fixes' deadline on the system clock, as a real install runs: yesterday in Asia/Shanghai is refused, today is not.</summary>
public sealed class DeadlineOnSystemClockTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?>
    {
        ["SafetyFlow:Clock:Mode"] = "System",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Five_fixes_due_yesterday_in_the_work_time_zone_are_refused_and_today_is_accepted()
    {
        var member = await _app.SignInAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var submitted = await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Fail(checklist.Assets[0], checklist.ItemOf("check", "general")).Body());
        var findingId = submitted.GetProperty("findings")[0].GetString();
        var owner = await _app.SignInAsync("owner-fire");
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var localNow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone);
        var startOfToday = new DateTimeOffset(localNow.Date, localNow.Offset);

        var refused = await owner.PostJsonAsync($"/api/findings/{findingId}/five-fixes", DeadlineInputTests.Plan(startOfToday.AddTicks(-1)), HttpStatusCode.BadRequest);
        Assert.Contains("may not be before today", Assert.Single(refused.Errors()["deadline"]), StringComparison.Ordinal);

        var accepted = await owner.PostJsonAsync($"/api/findings/{findingId}/five-fixes", DeadlineInputTests.Plan(startOfToday.AddHours(18)));
        Assert.Equal(startOfToday.AddHours(18), accepted.GetProperty("fiveFixes").GetProperty("deadline").GetDateTimeOffset());
    }
}
