using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;

namespace SafetyFlow.IntegrationTests.Inspections;

/// <summary>
/// A submission's answers are written by the one writer as one statement, ahead of the rest of its save and in the same
/// savepoint: they read back as the member gave them, the inspection's seal covers them, and a save that fails after
/// them leaves none of them behind, so the same checklist can be submitted again.
/// </summary>
public sealed class AnswersWrittenAheadTests
{
    [Fact]
    public async Task A_checklist_of_many_answers_is_written_in_one_statement_and_reads_back_as_given()
    {
        var inserts = new QueryCounter(sql => sql.StartsWith("INSERT INTO \"InspectionResults\"", StringComparison.Ordinal), everywhere: true);
        await using var app = new SafetyFlowApp(
            SafetyFlowApp.NewDatabase(),
            settings: new Dictionary<string, string?> { ["SafetyFlow:Clock:Mode"] = "System" },
            services: inserts.AddTo);
        var member = await app.SignInAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var reading = checklist.BoundedReading();
        var readingId = reading.GetProperty("itemId").GetString()!;
        var checks = checklist.ItemsOf("check", "general");
        checklist
            .Reading(checklist.Assets[0], readingId, reading.GetProperty("min").GetDecimal() + 0.1234m)
            .Reading(checklist.Assets[1], readingId, reading.GetProperty("max").GetDecimal() + 0.5m)
            .Fail(checklist.Assets[0], checks[0], "压力表指针在红区; it's \"low\" -- 需更换")
            .Fail(checklist.Assets[1], checks[1], null);
        var given = checklist.Rows();
        Assert.True(given.Count >= 10, $"the checklist has {given.Count} answers");

        inserts.Clear();
        var submitted = await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Body());

        Assert.Equal(3, submitted.GetProperty("findings").GetArrayLength());
        Assert.Equal([given.Count], inserts.Seen.Select(RowsOf));

        // As the member gave them, through the API and in the table: every answer once, with its own key.
        var detail = await member.GetJsonAsync($"/api/inspections/{checklist.Id}");
        var stored = detail.GetProperty("results").EnumerateArray()
            .ToDictionary(r => (r.GetProperty("asset").GetString(), r.GetProperty("itemId").GetString()!));
        Assert.Equal(given.Count, stored.Count);
        foreach (var row in given)
        {
            var back = stored[((string?)row["asset"], (string)row["itemId"]!)];
            if (row.TryGetValue("value", out var value))
            {
                Assert.Equal((decimal)value!, back.GetProperty("value").GetDecimal());
            }

            if (row.TryGetValue("note", out var note))
            {
                Assert.Equal((string?)note, back.GetProperty("note").GetString());
            }

            if (row.TryGetValue("outcome", out var outcome))
            {
                Assert.Equal((string)outcome!, back.GetProperty("outcome").GetString());
            }
        }

        Assert.Equal("fail", stored[(checklist.Assets[1], readingId)].GetProperty("outcome").GetString());
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var keys = await db.InspectionResults.Where(r => r.InspectionId == Guid.Parse(checklist.Id)).Select(r => r.Id).ToListAsync();
            Assert.Equal(given.Count, keys.Distinct().Count(k => k > 0));
        }

        var verify = await (await app.SignInAsync("safety1")).GetJsonAsync("/api/audit/verify?full=true");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
    }

    [Fact]
    public async Task A_submit_whose_save_fails_after_its_answers_leaves_none_of_them_and_can_be_sent_again()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        var member = await app.SignInAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        checklist.FailGeneralChecks("隐患");
        var inspectionId = Guid.Parse(checklist.Id);

        // The findings are written after the answers; the database refuses them.
        await ExecuteAsync(app, TestDatabase.IsPostgres
            ? """
              CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql;
              CREATE TRIGGER refuse BEFORE INSERT ON "Findings" FOR EACH ROW EXECUTE FUNCTION refuse();
              """
            : """CREATE TRIGGER refuse BEFORE INSERT ON "Findings" BEGIN SELECT RAISE(ABORT, 'refused'); END;""");
        var refused = await member.PostAsJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Body());
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            Assert.Equal(0, await db.InspectionResults.CountAsync(r => r.InspectionId == inspectionId));
            Assert.Null(await db.Inspections.Where(i => i.Id == inspectionId).Select(i => i.SubmittedAt).SingleAsync());
        }

        await ExecuteAsync(app, TestDatabase.IsPostgres ? """DROP TRIGGER refuse ON "Findings";""" : "DROP TRIGGER refuse;");
        var submitted = await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Body());

        Assert.True(submitted.GetProperty("findings").GetArrayLength() > 0);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            Assert.Equal(checklist.Rows().Count, await db.InspectionResults.CountAsync(r => r.InspectionId == inspectionId));
        }

        var verify = await (await app.SignInAsync("safety1")).GetJsonAsync("/api/audit/verify?full=true");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
    }

    private static async Task ExecuteAsync(SafetyFlowApp app, string sql)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>The rows of a statement inserting answers: one for EF Core's own insert, many to a statement.</summary>
    private static int RowsOf(string insert)
    {
        var (depth, tuples) = (0, 0);
        foreach (var c in insert[insert.IndexOf("VALUES", StringComparison.Ordinal)..])
        {
            if (c == '(' && depth++ == 0)
            {
                tuples++;
            }
            else if (c == ')')
            {
                depth--;
            }
        }

        return tuples;
    }
}
