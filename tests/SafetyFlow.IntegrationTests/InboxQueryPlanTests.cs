using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Notifications;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// Every page counts the person's unread notifications: through the index of the unread ones, so that the safety
/// office's hundreds of thousands of notifications read long ago are never walked. Opening a finding marks read the
/// person's notifications about it through the finding's notifications to that person, not among all the person's.
/// </summary>
public sealed class InboxQueryPlanTests
{
    [Fact]
    public async Task The_top_bar_counts_unread_notifications_through_their_own_index()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var query = Inbox.Unread(db, Guid.NewGuid()).Take(Inbox.BadgeLimit + 1);

        var plan = await QueryPlans.OfAsync(db, query);

        if (TestDatabase.IsPostgres)
        {
            Assert.Contains(plan, step => step.Contains("\"IX_Notifications_Unread\"", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("IX_Notifications_RecipientId_At", StringComparison.Ordinal));
            return;
        }

        Assert.Contains(plan, step => step.Contains("INDEX IX_Notifications_Unread (RecipientId=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Opening_a_finding_marks_its_notifications_read_through_the_finding_and_the_person()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var person = await db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
        if (TestDatabase.IsPostgres)
        {
            // PostgreSQL plans by its statistics: a person with thousands of unread notifications, as the office gathers.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Notifications" ("Id", "RecipientId", "At", "Kind", "Text", "Read")
                SELECT gen_random_uuid(), {person}, now(), 'digest', 'digest', false FROM generate_series(1, 5000)
                """);
            await db.Database.ExecuteSqlRawAsync("""ANALYZE "Notifications" """);
        }

        var query = Inbox.UnreadAbout(db, person, Guid.NewGuid());

        var plan = await QueryPlans.OfAsync(db, query);

        if (TestDatabase.IsPostgres)
        {
            Assert.Contains(plan, step => step.Contains("\"IX_Notifications_FindingId_RecipientId\"", StringComparison.Ordinal));
            return;
        }

        Assert.Contains(plan, step => step.Contains("INDEX IX_Notifications_FindingId_RecipientId (FindingId=? AND RecipientId=?)", StringComparison.Ordinal));
    }
}
