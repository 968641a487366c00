using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>
/// Signed checkpoints of the trail's head, kept outside the database: what the database alone cannot show (a trail
/// rebuilt whole under another key, a latest record removed with its finding rolled back) shows against one.
/// </summary>
public sealed class TrailCheckpointTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"checkpoint-{Guid.NewGuid():N}");
    private readonly string _database;
    private SafetyFlowApp _app = null!;
    private AuditScenario _scenario = null!;
    private List<string> _findings = [];

    public TrailCheckpointTests()
    {
        _database = TestDatabase.IsPostgres ? SafetyFlowApp.NewDatabase() : Path.Combine(_folder, "safetyflow.db");
    }

    public async Task InitializeAsync()
    {
        _app = new SafetyFlowApp(_database);
        _scenario = new AuditScenario(_app);
        _findings = [.. await _scenario.RaiseAsync("z-canteen-kitchen", assets: 2), .. await _scenario.RaiseAsync("z-dorm-a")];
        await _scenario.CloseAsync(_findings[0]);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_admin_downloads_a_signed_checkpoint_that_verifies_while_the_trail_is_untouched()
    {
        var admin = await _app.SignInAsync("admin");
        var response = await admin.GetAsync("/api/audit/checkpoint");
        var checkpoint = await response.ReadJsonAsync();

        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(await CountRecordsAsync(), checkpoint.GetProperty("count").GetInt64());
        Assert.Matches("^[0-9a-f]{64}$", checkpoint.GetProperty("hash").GetString());
        Assert.Matches("^[0-9a-f]{64}$", checkpoint.GetProperty("signature").GetString());

        // Later writes do not disturb it: the trail up to it is still the one it was signed for.
        await _scenario.FixAsync(_findings[1]);
        var result = await (await _app.SignInAsync("safety1")).PostJsonAsync("/api/audit/verify", checkpoint);
        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());

        // The safety office verifies; only an admin signs a new checkpoint.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.SignInAsync("safety1")).GetAsync("/api/audit/checkpoint")).StatusCode);
    }

    [Fact]
    public async Task A_checkpoint_with_a_field_changed_is_refused_and_one_that_is_not_a_checkpoint_names_the_field()
    {
        var checkpoint = await (await _app.SignInAsync("admin")).GetJsonAsync("/api/audit/checkpoint");
        var office = await _app.SignInAsync("safety1");
        var altered = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(checkpoint.GetRawText())!;
        altered["count"] = JsonSerializer.SerializeToElement(checkpoint.GetProperty("count").GetInt64() - 1);

        var result = await office.PostJsonAsync("/api/audit/verify", altered);
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Contains("not signed", result.GetProperty("firstBroken").GetProperty("reason").GetString(), StringComparison.Ordinal);

        altered["hash"] = JsonSerializer.SerializeToElement("not a hash");
        var problem = await office.PostJsonAsync("/api/audit/verify", altered, HttpStatusCode.BadRequest);
        Assert.Contains("hash", problem.Errors().Keys);
    }

    [Fact]
    public async Task Removing_a_latest_record_and_rolling_its_finding_back_passes_inside_the_database_but_not_against_a_checkpoint()
    {
        var id = TrailTamperingTests.GuidLiteral(_findings[1]);
        await SqlAsync($"CREATE TABLE \"SavedFinding\" AS SELECT * FROM \"Findings\" WHERE \"Id\" = {id}");
        await _scenario.FixAsync(_findings[1]);
        var checkpoint = await (await _app.SignInAsync("admin")).GetJsonAsync("/api/audit/checkpoint");

        // Everything the fix wrote goes, and the finding row is put back as it was, seal and all.
        var columns = string.Join(", ", (await ColumnsAsync()).Select(c => $"\"{c}\""));
        await SqlAsync($"DELETE FROM \"FindingTransitions\" WHERE \"Id\" = (SELECT MAX(\"Id\") FROM \"FindingTransitions\" WHERE \"FindingId\" = {id})");
        await SqlAsync($"UPDATE \"Findings\" SET ({columns}) = (SELECT {columns} FROM \"SavedFinding\") WHERE \"Id\" = {id}");
        await SqlAsync("""DELETE FROM "TrailCheckpoints" """);

        var office = await _app.SignInAsync("safety1");
        Assert.True((await office.GetJsonAsync("/api/audit/verify")).GetProperty("ok").GetBoolean());
        var result = await office.PostJsonAsync("/api/audit/verify", checkpoint);
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Contains("removed from or added", result.GetProperty("firstBroken").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rebuilding_the_whole_trail_under_another_key_passes_inside_the_database_but_not_against_a_checkpoint()
    {
        var checkpoint = await (await _app.SignInAsync("admin")).GetJsonAsync("/api/audit/checkpoint");
        var approve = await LatestRecordAsync(_findings[0]);
        await _app.DisposeAsync();

        // Whoever holds the database and the app's code: a master key and trail key of their own, every seal made again
        // with them, and the acceptance note rewritten.
        var master = RandomNumberGenerator.GetBytes(32);
        var masterFile = Path.Combine(_folder, "forged.key");
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(masterFile, Convert.ToBase64String(master));
        var trailBytes = RandomNumberGenerator.GetBytes(32);
        var trail = new TrailKey();
        trail.Use(trailBytes);
        var masterKey = new MasterKey();
        masterKey.Use(master, masterFile);
        await using (var db = TestDatabase.OpenContext(_database))
        {
            await db.Database.ExecuteSqlRawAsync("""UPDATE "SystemSettings" SET "Value" = {0} WHERE "Key" = 'keys.master-fingerprint'""", masterKey.Fingerprint);
            await db.Database.ExecuteSqlRawAsync("""UPDATE "SystemSettings" SET "Value" = {0} WHERE "Key" = 'keys.trail'""", Convert.ToBase64String(masterKey.Encrypt(trailBytes, "keys.trail")));
            await db.Database.ExecuteSqlRawAsync("""UPDATE "SystemSettings" SET "Value" = {0} WHERE "Key" = 'keys.signing'""", Convert.ToBase64String(masterKey.Encrypt(RandomNumberGenerator.GetBytes(64), "keys.signing")));
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "DataProtectionKeys" """);
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "TrailCheckpoints" """);

            var record = await db.FindingTransitions.AsNoTracking().SingleAsync(t => t.Id == approve);
            var rewritten = new FindingTransition
            {
                Id = record.Id, FindingId = record.FindingId, At = record.At, ActorId = record.ActorId, ActorName = record.ActorName,
                Action = record.Action, From = record.From, To = record.To, Note = "accepted without looking",
            };
            rewritten.SealInto(trail, record.PreviousHash, record.FindingDigest);
            await db.FindingTransitions.Where(t => t.Id == approve).ExecuteUpdateAsync(s => s.SetProperty(t => t.Note, rewritten.Note).SetProperty(t => t.Hash, rewritten.Hash));
            foreach (var stored in await db.FindingTransitions.AsNoTracking().ToListAsync())
            {
                var seal = AuditTrail.SealOf(trail, stored);
                await db.FindingTransitions.Where(t => t.Id == stored.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Seal, seal));
            }

            foreach (var finding in await db.Findings.AsNoTracking().ToListAsync())
            {
                var head = await db.FindingTransitions.Where(t => t.FindingId == finding.Id).OrderByDescending(t => t.Id).Select(t => t.Hash).FirstAsync();
                var seal = AuditTrail.SealOf(trail, finding, head);
                await db.Findings.Where(f => f.Id == finding.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.TrailHead, head).SetProperty(f => f.Seal, seal));
            }

            foreach (var inspection in await db.Inspections.AsNoTracking().ToListAsync())
            {
                var answers = await db.InspectionResults.AsNoTracking().Where(r => r.InspectionId == inspection.Id).ToListAsync();
                var seal = AuditTrail.SealOf(trail, inspection, answers);
                await db.Inspections.Where(i => i.Id == inspection.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Seal, seal));
            }
        }

        _app = new SafetyFlowApp(_database, settings: new Dictionary<string, string?> { ["SafetyFlow:Keys:MasterKeyFile"] = masterFile });
        var office = await _app.SignInAsync("safety1");
        Assert.True((await office.GetJsonAsync("/api/audit/verify")).GetProperty("ok").GetBoolean());

        var result = await office.PostJsonAsync("/api/audit/verify", checkpoint);
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Contains("not signed with this installation's trail key", result.GetProperty("firstBroken").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_daily_job_checks_the_trail_and_stores_a_checkpoint_that_the_next_one_resumes_from()
    {
        using (var scope = _app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<SafetyFlow.Web.Jobs.TrailCheckpointJob>().RunAsync(CancellationToken.None);
        }

        await _scenario.FixAsync(_findings[1]);
        using (var scope = _app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<SafetyFlow.Web.Jobs.TrailCheckpointJob>().RunAsync(CancellationToken.None);
            var stored = await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().TrailCheckpoints.OrderBy(c => c.Sequence).ToListAsync();
            Assert.Equal([1L, 2L], stored.Select(c => c.Sequence));
            Assert.Equal(await CountRecordsAsync(), stored[^1].Count);
            Assert.True(stored[^1].Count > stored[0].Count);
        }

        // The second was folded on from the first, yet verifies from the start.
        var latest = await (await _app.SignInAsync("admin")).GetJsonAsync("/api/audit/checkpoint");
        Assert.True((await (await _app.SignInAsync("safety1")).PostJsonAsync("/api/audit/verify", latest)).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task The_monthly_report_prints_the_trail_checkpoint()
    {
        var office = await _app.SignInAsync("safety1");
        office.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var pdf = await PdfText.ReadAsync(await office.GetByteArrayAsync("/api/reports/monthly?month=2026-11&format=pdf"));

        using var scope = _app.Services.CreateScope();
        var checkpoint = await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().TrailCheckpoints.OrderByDescending(c => c.Sequence).FirstAsync();
        Assert.Contains($"trail checkpoint #{checkpoint.Sequence}", pdf, StringComparison.Ordinal);
        Assert.Contains(checkpoint.Hash, pdf, StringComparison.Ordinal);
        Assert.Contains(checkpoint.Signature, pdf, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_the_audit_page_an_admin_downloads_a_checkpoint_and_checks_the_trail_against_it()
    {
        var admin = await _app.SignInToPagesAsync("admin");
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var download = await admin.GetAsync("/admin/audit?handler=Checkpoint");
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        var file = await download.Content.ReadAsStringAsync();
        var sequence = JsonDocument.Parse(file).RootElement.GetProperty("sequence").GetInt64();

        var intact = await UploadAsync(admin, file);
        Assert.Contains("The trail is intact", intact, StringComparison.Ordinal);
        Assert.Contains($"Checked against checkpoint #{sequence}", intact, StringComparison.Ordinal);

        var altered = await UploadAsync(admin, file.Replace("\"count\":", "\"count\":1", StringComparison.Ordinal));
        Assert.Contains("The trail is broken", altered, StringComparison.Ordinal);
        Assert.Contains("not signed with this installation's trail key", altered, StringComparison.Ordinal);

        Assert.Contains("That file is not a checkpoint file.", await UploadAsync(admin, "{ \"minutes\": true"), StringComparison.Ordinal);
    }

    private static async Task<string> UploadAsync(HttpClient client, string json)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await client.AntiForgeryTokenAsync("/admin/audit")), "__RequestVerificationToken" },
            { new StringContent(json, System.Text.Encoding.UTF8, "application/json"), "checkpoint", "trail-checkpoint.json" },
        };
        var response = await client.PostAsync("/admin/audit", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private async Task<long> CountRecordsAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().FindingTransitions.LongCountAsync();
    }

    private async Task<long> LatestRecordAsync(string findingId)
    {
        using var scope = _app.Services.CreateScope();
        var id = Guid.Parse(findingId);
        return await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().FindingTransitions.Where(t => t.FindingId == id).MaxAsync(t => t.Id);
    }

    private async Task<List<string>> ColumnsAsync()
    {
        using var scope = _app.Services.CreateScope();
        return [.. (await TrailTamperingTests.FindingColumnsAsync(scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>())).Where(c => c != "Id")];
    }

    private async Task SqlAsync(string sql)
    {
        using var scope = _app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Database.ExecuteSqlRawAsync(sql);
    }
}
