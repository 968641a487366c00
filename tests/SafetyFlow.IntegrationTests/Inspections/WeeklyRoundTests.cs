using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.IntegrationTests.Inspections;

/// <summary>
/// A week's round writes its inspections a few hundred rows a statement, outside a tracked save: each is still sealed as
/// a save would seal it, so the audit trail covers it from the start, and each asks about its zone's assets. On the
/// simulation clock and on the system clock (sub-second, the week after today's in Shanghai).
/// </summary>
public sealed class WeeklyRoundTests
{
    [Theory]
    [InlineData("Manual")]
    [InlineData("System")]
    public async Task A_round_stores_each_zones_inspections_once_with_its_assets_and_sealed_so_that_an_edit_of_one_is_detected(string clock)
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?> { ["SafetyFlow:Clock:Mode"] = clock });
        var office = await app.SignInAsync("safety1");
        var admin = await app.SignInAsync("admin");
        var calendar = app.Services.GetRequiredService<WorkCalendar>();
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var week = calendar.WeekOf(now.AddDays(7));

        var first = await office.PostJsonAsync("/api/rounds", new { week });
        var again = await office.PostJsonAsync("/api/rounds", new { week });
        var created = first.GetProperty("created").GetInt32();
        Assert.True(created >= 4, $"{created} inspections created");
        Assert.Equal((0, created), (again.GetProperty("created").GetInt32(), again.GetProperty("existing").GetInt32()));

        // Every visit window lies in that week, ahead of now, as drawn from the checklist's slots.
        var weekStart = calendar.StartOfWeek(week);
        var windows = await SavedWork.ReadAsync(app, db => db.Inspections.Where(i => i.Week == week).Select(i => new { i.VisitWindowStart, i.VisitWindowEnd }).ToListAsync());
        Assert.Equal(created, windows.Count);
        Assert.All(windows, w => Assert.True(
            w.VisitWindowStart > now && w.VisitWindowStart >= weekStart && w.VisitWindowEnd <= weekStart.AddDays(7) && w.VisitWindowEnd > w.VisitWindowStart,
            $"{w.VisitWindowStart:O} to {w.VisitWindowEnd:O} in {week} from {now:O}"));

        // The member of the kitchen sees the week's checklists, each asking about the zone's assets of its kind.
        var member = await app.SignInAsync("member-canteen");
        var mine = (await member.GetJsonAsync($"/api/inspections?mine=true&week={week}")).EnumerateArray().ToList();
        Assert.NotEmpty(mine);
        foreach (var inspection in mine)
        {
            var detail = await member.GetJsonAsync($"/api/inspections/{inspection.GetProperty("id").GetString()}");
            var assets = detail.GetProperty("targets").EnumerateArray().Where(t => t.GetProperty("asset").ValueKind == JsonValueKind.String).ToList();
            Assert.True(assets.Count > 0, $"{inspection.GetProperty("workflowId").GetString()} asks about no asset");
        }

        Assert.True((await admin.GetJsonAsync("/api/audit/verify")).GetProperty("ok").GetBoolean(), "the trail is intact after the round");

        // A visit window moved behind the app's back breaks that inspection's seal.
        var moved = await SavedWork.ReadAsync(app, db => db.Inspections.Where(i => i.Week == week).OrderBy(i => i.Id).Select(i => i.Id).FirstAsync());
        Assert.Equal(1, await SavedWork.ReadAsync(app, db => db.Database.ExecuteSqlAsync(
            $"""UPDATE "Inspections" SET "VisitWindowEnd" = "VisitWindowStart" WHERE "Id" = {moved}""")));
        var verify = await admin.GetJsonAsync("/api/audit/verify");
        Assert.False(verify.GetProperty("ok").GetBoolean(), verify.ToString());
        Assert.Equal(moved, verify.GetProperty("firstBroken").GetProperty("inspectionId").GetGuid());
    }
}
