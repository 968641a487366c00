using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.IntegrationTests.Time;

/// <summary>
/// A save compares its tracked entities with their snapshots a fixed number of times, however many findings it changes:
/// once for the notifications, once for the trail's seals and once for the save itself. A sweep batch of hundreds of steps
/// tracks thousands of entities, and each further comparison scans them all again.
/// </summary>
public sealed class SaveScanTests
{
    [Theory]
    [InlineData("Manual")]
    [InlineData("System")]
    public async Task A_save_commenting_on_twenty_findings_scans_its_changes_three_times_and_its_records_and_notices_are_all_there(string clock)
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?> { ["SafetyFlow:Clock:Mode"] = clock });
        var ids = await SweepClaimTests.RaiseFindingsAsync(app);
        Assert.True(ids.Count >= 20, $"{ids.Count} findings were raised.");

        int scans;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            var office = await db.Users.SingleAsync(u => u.UserName == "safety1");
            var actor = new FindingActor(office.Id, "safety1", new HashSet<Role> { Role.SafetyOffice }, SupervisesZone: false);
            var findings = await db.Findings.Where(f => ids.Contains(f.Id)).ToListAsync();
            foreach (var finding in findings)
            {
                finding.Comment(actor, "Seen on the round.", now);
            }

            var counted = 0;
            db.ChangeTracker.DetectingAllChanges += (_, _) => counted++;
            await db.SaveChangesAsync();
            scans = counted;
        }

        Assert.Equal(3, scans);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var comments = await db.FindingTransitions.CountAsync(t => ids.Contains(t.FindingId) && t.Action == Finding.CommentAction);
            Assert.Equal(ids.Count, comments);
            var owners = await db.Notifications.Where(n => n.FindingId != null && ids.Contains(n.FindingId.Value) && n.Kind == NotificationTexts.Commented)
                .Select(n => n.FindingId).Distinct().CountAsync();
            Assert.Equal(ids.Count, owners);
        }

        Assert.True((await (await app.SignInAsync("safety1")).GetJsonAsync("/api/audit/verify?full=true")).GetProperty("ok").GetBoolean());
    }
}
