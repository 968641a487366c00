using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>
/// Each edit behind the app's back that the unkeyed trail missed, made with SQL on the real database (SQL that SQLite
/// and PostgreSQL both read: quoted names, Guids as text): verify reports the trail broken and names the finding (or
/// inspection) and the record.
/// </summary>
public sealed class TrailTamperingTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());
    private List<string> _findings = [];

    public async Task InitializeAsync()
    {
        var scenario = new AuditScenario(_app);

        // Finding 0 is fixed, rejected, fixed again and accepted; 1 and 2 are open with their ladders running.
        _findings = [.. await scenario.RaiseAsync("z-canteen-kitchen", assets: 2), .. await scenario.RaiseAsync("z-dorm-a")];
        await scenario.FixAsync(_findings[0]);
        await scenario.RejectAsync(_findings[0]);
        await scenario.CloseAsync(_findings[0]);
        Assert.True((await VerifyAsync()).GetProperty("ok").GetBoolean());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, int, string> FindingEdits() => new()
    {
        { "who accepted", 0, "\"ClosedById\" = (SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"UserName\" = 'sup-dorm')" },
        { "who fixed", 0, "\"FixedById\" = (SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"UserName\" = 'member-dorm')" },
        { "the fix note", 0, "\"FixNote\" = 'replaced the whole cabinet'" },
        { "the finding's note", 1, "\"Note\" = 'nothing was wrong'" },
        { "the reading", 1, "\"Value\" = '1.25'" },
        { "the extension requests", 1, "\"ExtensionRequests\" = \"ExtensionRequests\" + 1" },
        { "the unit", 1, "\"UnitId\" = (SELECT u.\"Id\" FROM \"Units\" u WHERE u.\"Id\" <> \"Findings\".\"UnitId\" LIMIT 1)" },
        { "the category", 1, "\"Category\" = 'kitchen'" },
        { "the timer stopped", 1, "\"NextStepAt\" = NULL" },
        { "the escalation step", 2, "\"NextStepIndex\" = \"NextStepIndex\" + 1" },
    };

    [Theory]
    [MemberData(nameof(FindingEdits))]
    public async Task Editing_a_finding_field_is_detected_on_its_latest_record(string what, int finding, string set)
    {
        var latest = (await RecordsAsync(_findings[finding]))[^1];

        Assert.Equal(1, await SqlAsync($"UPDATE \"Findings\" SET {set} WHERE \"Id\" = {GuidLiteral(_findings[finding])}"));

        var broken = await BrokenAsync();
        Assert.True(_findings[finding] == broken.GetProperty("findingId").GetString(), what);
        Assert.Equal(latest, broken.GetProperty("transitionId").GetInt64());
        Assert.Contains("stored fields differ", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_findings_latest_record_is_detected_naming_the_finding_and_the_record_now_last()
    {
        var records = await RecordsAsync(_findings[0]);

        Assert.Equal(1, await SqlAsync($"DELETE FROM \"FindingTransitions\" WHERE \"Id\" = {records[^1]}"));

        var broken = await BrokenAsync();
        Assert.Equal(_findings[0], broken.GetProperty("findingId").GetString());
        Assert.Equal(records[^2], broken.GetProperty("transitionId").GetInt64());
        Assert.Contains("latest record was removed", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_a_reading_in_the_answers_is_detected_naming_the_inspection()
    {
        var inspection = await SingleAsync("""SELECT "InspectionId" FROM "InspectionResults" WHERE "Value" IS NOT NULL ORDER BY "Id" LIMIT 1""");

        Assert.Equal(1, await SqlAsync("""UPDATE "InspectionResults" SET "Value" = '0.5' WHERE "Id" = (SELECT MIN("Id") FROM "InspectionResults" WHERE "Value" IS NOT NULL)"""));

        var broken = await BrokenAsync();
        Assert.Equal(Guid.Parse(inspection), broken.GetProperty("inspectionId").GetGuid());
        Assert.Contains("answers or fields differ", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_checklist_answers_is_detected_naming_the_inspection()
    {
        var inspection = await SingleAsync("""SELECT "InspectionId" FROM "InspectionResults" ORDER BY "Id" LIMIT 1""");

        Assert.True(await SqlAsync($"DELETE FROM \"InspectionResults\" WHERE \"InspectionId\" = {GuidLiteral(inspection)} AND \"Outcome\" = 'Pass'") > 0);

        var broken = await BrokenAsync();
        Assert.Equal(Guid.Parse(inspection), broken.GetProperty("inspectionId").GetGuid());
        Assert.Contains("answers or fields differ", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_finding_with_correctly_computed_hashes_is_detected_at_its_record()
    {
        // Everything the scheme needs, computed as the app computes it, but with a key of the forger's own.
        var forger = new TrailKey();
        forger.Use(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var source = Guid.Parse(_findings[1]);
        var forged = Guid.CreateVersion7();
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var columns = (await FindingColumnsAsync(db)).Where(c => c != "Id").Select(c => $"\"{c}\"").ToList();
            var insert = $"INSERT INTO \"Findings\" (\"Id\", {string.Join(", ", columns)}) SELECT {GuidLiteral(forged.ToString())}, {string.Join(", ", columns)} FROM \"Findings\" WHERE \"Id\" = {GuidLiteral(source.ToString())}";
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(insert));

            var finding = await db.Findings.AsNoTracking().SingleAsync(f => f.Id == forged);
            var lastFirst = await db.FindingTransitions.Where(t => t.From == "").OrderByDescending(t => t.Id).Select(t => t.Hash).FirstAsync();
            var record = new FindingTransition { FindingId = forged, At = finding.RaisedAt, ActorName = "member-canteen", Action = "raise", From = "", To = finding.State, Note = "forged" };
            record.SealInto(forger, lastFirst, AuditTrail.Digest(finding));
            // SQLite keeps instants as UTC ticks, PostgreSQL as timestamptz.
            object at = TestDatabase.IsPostgres ? finding.RaisedAt.ToUniversalTime() : finding.RaisedAt.UtcTicks;
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO \"FindingTransitions\" (\"FindingId\", \"At\", \"ActorName\", \"Action\", \"From\", \"To\", \"Note\", \"FindingDigest\", \"PreviousHash\", \"Hash\", \"Seal\") VALUES ({forged}, {at}, {record.ActorName}, {record.Action}, '', {record.To}, {record.Note}, {record.FindingDigest}, {record.PreviousHash}, {record.Hash}, {record.Seal})");
            var sealedFinding = AuditTrail.SealOf(forger, finding, record.Hash);
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE \"Findings\" SET \"TrailHead\" = {record.Hash}, \"Seal\" = {sealedFinding} WHERE \"Id\" = {forged}");
        }

        var forgedRecord = (await RecordsAsync(forged.ToString()))[^1];
        var broken = await BrokenAsync();
        Assert.Equal(forged.ToString(), broken.GetProperty("findingId").GetString());
        Assert.Equal(forgedRecord, broken.GetProperty("transitionId").GetInt64());
        Assert.Contains("trail key", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_rewritten_with_its_hash_recomputed_is_detected_by_its_seal()
    {
        var fix = (await RecordsAsync(_findings[0]))[1];
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var record = await db.FindingTransitions.AsNoTracking().SingleAsync(t => t.Id == fix);
            var rewritten = new FindingTransition
            {
                Id = record.Id, FindingId = record.FindingId, At = record.At, ActorId = record.ActorId, ActorName = record.ActorName,
                Action = record.Action, From = record.From, To = record.To, Note = "nothing was wrong",
            };
            var forger = new TrailKey();
            forger.Use(new byte[32]);
            rewritten.SealInto(forger, record.PreviousHash, record.FindingDigest);
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE \"FindingTransitions\" SET \"Note\" = {rewritten.Note}, \"Hash\" = {rewritten.Hash}, \"Seal\" = {rewritten.Seal} WHERE \"Id\" = {fix}");
        }

        var broken = await BrokenAsync();
        Assert.Equal(fix, broken.GetProperty("transitionId").GetInt64());
        Assert.Contains("seal does not match", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> VerifyAsync() => await (await _app.SignInAsync("safety1")).GetJsonAsync("/api/audit/verify");

    private async Task<JsonElement> BrokenAsync()
    {
        var result = await VerifyAsync();
        Assert.False(result.GetProperty("ok").GetBoolean(), result.ToString());
        return result.GetProperty("firstBroken");
    }

    private async Task<int> SqlAsync(string sql)
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    private async Task<string> SingleAsync(string sql)
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        return await db.Database.SqlQueryRaw<string>(sql.Replace("SELECT \"InspectionId\"", "SELECT CAST(\"InspectionId\" AS TEXT) AS \"Value\"", StringComparison.Ordinal)).SingleAsync();
    }

    /// <summary>A Guid as an SQL literal of the stored id: SQLite keeps Guids as upper-case text, PostgreSQL as uuid.</summary>
    internal static string GuidLiteral(string id) => TestDatabase.IsPostgres ? $"'{Guid.Parse(id)}'::uuid" : $"'{Guid.Parse(id).ToString().ToUpperInvariant()}'";

    /// <summary>The Findings table's columns, from the database's own catalogue.</summary>
    internal static async Task<List<string>> FindingColumnsAsync(SafetyFlowDbContext db) => await db.Database.SqlQueryRaw<string>(TestDatabase.IsPostgres
        ? """SELECT column_name::text AS "Value" FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'Findings' ORDER BY ordinal_position"""
        : """SELECT name AS "Value" FROM pragma_table_info('Findings')""").ToListAsync();

    private async Task<List<long>> RecordsAsync(string findingId)
    {
        using var scope = _app.Services.CreateScope();
        var id = Guid.Parse(findingId);
        return await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().FindingTransitions
            .Where(t => t.FindingId == id).OrderBy(t => t.Id).Select(t => t.Id).ToListAsync();
    }
}
