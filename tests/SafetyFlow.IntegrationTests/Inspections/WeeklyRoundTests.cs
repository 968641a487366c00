using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Audit;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;

namespace SafetyFlow.IntegrationTests.Inspections;

/// <summary>
/// A week's round writes its inspections a few hundred rows a statement, outside a tracked save: each is still sealed as
/// a save would seal it, so the audit trail covers it from the start, and each asks about its zone's assets.
/// </summary>
public sealed class WeeklyRoundTests : IAsyncLifetime
{
    private const string Week = "2027-W10";

    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_round_stores_each_zones_inspections_once_with_its_assets_and_sealed_so_that_an_edit_of_one_is_detected()
    {
        var office = await _app.SignInAsync("safety1");
        var admin = await _app.SignInAsync("admin");

        var first = await office.PostJsonAsync("/api/rounds", new { week = Week });
        var again = await office.PostJsonAsync("/api/rounds", new { week = Week });
        var created = first.GetProperty("created").GetInt32();
        Assert.True(created >= 4, $"{created} inspections created");
        Assert.Equal((0, created), (again.GetProperty("created").GetInt32(), again.GetProperty("existing").GetInt32()));

        // The member of the kitchen sees the week's checklists, each asking about the zone's assets of its kind.
        var member = await _app.SignInAsync("member-canteen");
        var mine = (await member.GetJsonAsync($"/api/inspections?mine=true&week={Week}")).EnumerateArray().ToList();
        Assert.NotEmpty(mine);
        foreach (var inspection in mine)
        {
            var detail = await member.GetJsonAsync($"/api/inspections/{inspection.GetProperty("id").GetString()}");
            var assets = detail.GetProperty("targets").EnumerateArray().Where(t => t.GetProperty("asset").ValueKind == JsonValueKind.String).ToList();
            Assert.True(assets.Count > 0, $"{inspection.GetProperty("workflowId").GetString()} asks about no asset");
        }

        Assert.True((await admin.GetJsonAsync("/api/audit/verify")).GetProperty("ok").GetBoolean(), "the trail is intact after the round");

        // A visit window moved behind the app's back breaks that inspection's seal.
        var moved = await ScalarAsync($"""SELECT CAST("Id" AS TEXT) AS "Value" FROM "Inspections" WHERE "Week" = '{Week}' ORDER BY "Id" LIMIT 1""");
        Assert.Equal(1, await SqlAsync($"""UPDATE "Inspections" SET "VisitWindowEnd" = "VisitWindowStart" WHERE "Id" = {TrailTamperingTests.GuidLiteral(moved)}"""));
        var verify = await admin.GetJsonAsync("/api/audit/verify");
        Assert.False(verify.GetProperty("ok").GetBoolean(), verify.ToString());
        Assert.Equal(Guid.Parse(moved), verify.GetProperty("firstBroken").GetProperty("inspectionId").GetGuid());
    }

    private async Task<int> SqlAsync(string sql)
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    private async Task<string> ScalarAsync(string sql)
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Database.SqlQueryRaw<string>(sql).SingleAsync();
    }
}
