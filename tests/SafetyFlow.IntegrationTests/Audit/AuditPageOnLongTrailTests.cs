using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Audit;
using SafetyFlow.Web.Jobs;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>
/// On a trail longer than <c>SafetyFlow:Audit:PageCheckRecords</c> with no checkpoint found intact to resume from (a
/// million findings whose last full check found a break), the audit page does not check from the start as it opens (a
/// minute or more): it shows the last full check's outcome and runs a new one in the background when asked.
/// </summary>
public sealed class AuditPageOnLongTrailTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?>
    {
        // Every trail is long here: the page never checks from the start as it opens.
        ["SafetyFlow:Audit:PageCheckRecords"] = "0",
    });

    private List<string> _findings = [];

    public async Task InitializeAsync()
    {
        var scenario = new AuditScenario(_app);
        _findings = [.. await scenario.RaiseAsync("z-canteen-kitchen", assets: 2)];
        await scenario.CloseAsync(_findings[0]);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_page_offers_a_full_check_in_the_background_and_then_resumes_from_the_checkpoint_it_verified()
    {
        var admin = await _app.SignInToPagesAsync("admin", language: "en");
        var records = await SavedWork.ReadAsync(_app, db => db.FindingTransitions.MaxAsync(t => t.Id));

        var before = await admin.PageAsync("/admin/audit");
        Assert.Contains($"data-records=\"{records}\"", before, StringComparison.Ordinal);
        Assert.Contains("No full check has run yet.", before, StringComparison.Ordinal);
        Assert.Contains("run-full", before, StringComparison.Ordinal);
        Assert.DoesNotContain("trail-status", before, StringComparison.Ordinal);

        var asked = await admin.PostAsync("/admin/audit?handler=Full", Form(await admin.AntiForgeryTokenAsync("/admin/audit")));
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        // The job signs a checkpoint and checks the whole trail on the job server; once it has, the page resumes from it.
        var page = await admin.PageAsync("/admin/audit");
        for (var waited = 0; !page.Contains("trail-status", StringComparison.Ordinal) && waited < 120; waited++)
        {
            Assert.Contains("A full check was started in the background", page, StringComparison.Ordinal);
            Assert.DoesNotContain("run-full", page, StringComparison.Ordinal);
            await Task.Delay(500);
            page = await admin.PageAsync("/admin/audit");
        }

        Assert.Contains("The trail is intact: 0 records checked.", page, StringComparison.Ordinal);
        Assert.True(await SavedWork.ReadAsync(_app, db => db.TrailCheckpoints.AnyAsync(c => c.VerifiedAt != null)));
    }

    [Fact]
    public async Task A_full_check_that_found_a_break_is_shown_with_the_record_without_checking_again()
    {
        var tampered = await SavedWork.ReadAsync(_app, db => db.FindingTransitions.MinAsync(t => t.Id));
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            Assert.Equal(1, await db.Database.ExecuteSqlAsync($"""UPDATE "FindingTransitions" SET "Note" = 'nothing was wrong' WHERE "Id" = {tampered}"""));
            await scope.ServiceProvider.GetRequiredService<TrailCheckpointJob>().RunAsync(CancellationToken.None);
        }

        var page = await (await _app.SignInToPagesAsync("admin", language: "zh-CN")).PageAsync("/admin/audit");

        Assert.Contains("审计追踪已被破坏（已检查 ", page, StringComparison.Ordinal);
        Assert.Contains($"<dd class=\"record-id\">{tampered.ToString(CultureInfo.InvariantCulture)}</dd>", page, StringComparison.Ordinal);
        Assert.Contains("记录内容与其哈希不符。", page, StringComparison.Ordinal);
        Assert.Contains("run-full", page, StringComparison.Ordinal);
        Assert.DoesNotContain("trail-status", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_check_asked_for_that_never_ran_may_be_asked_for_again_after_an_hour()
    {
        var admin = await _app.SignInToPagesAsync("admin", language: "en");
        var now = _app.Services.GetRequiredService<TimeProvider>().GetUtcNow();

        // Asked for 59 minutes ago, and no full check has begun since: it is awaited, and not offered again.
        await AskedAsync(now.AddMinutes(-59));
        var awaited = await admin.PageAsync("/admin/audit");
        Assert.Contains("A full check was started in the background", awaited, StringComparison.Ordinal);
        Assert.DoesNotContain("run-full", awaited, StringComparison.Ordinal);

        // Asked for 61 minutes ago: the job never ran (a node stopped under it), so it is offered again.
        await AskedAsync(now.AddMinutes(-61));
        var offered = await admin.PageAsync("/admin/audit");
        Assert.DoesNotContain("A full check was started in the background", offered, StringComparison.Ordinal);
        Assert.Contains("run-full", offered, StringComparison.Ordinal);
    }

    private async Task AskedAsync(DateTimeOffset at)
    {
        using var scope = _app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<TrailCheckLog>().RequestAsync(at, CancellationToken.None);
    }

    private static FormUrlEncodedContent Form(string token) => new([new("__RequestVerificationToken", token)]);
}
