using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Audit;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SkiaSharp;

namespace SafetyFlow.IntegrationTests.Operations;

/// <summary>
/// The backup and restore of docs/scale-out.md, done on a running app: the database backed up live (sqlite3's
/// <c>.backup</c>, or <c>pg_dump</c>), the master key file and the photo folder copied apart, everything restored into a
/// new place and an app started on it.
/// </summary>
public sealed class BackupRestoreTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"backup-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_live_backup_restored_with_its_master_key_file_and_photos_keeps_findings_sign_in_and_an_intact_trail()
    {
        var liveDatabase = TestDatabase.IsPostgres ? SafetyFlowApp.NewDatabase() : Path.Combine(_folder, "live", "safetyflow.db");
        var livePhotos = Path.Combine(_folder, "live", "photos");
        await using var live = new SafetyFlowApp(liveDatabase, settings: new Dictionary<string, string?> { ["SafetyFlow:Photos:Path"] = livePhotos });
        var scenario = new AuditScenario(live);
        List<string> findings = [.. await scenario.RaiseAsync("z-canteen-kitchen", assets: 2), .. await scenario.RaiseAsync("z-dorm-a")];
        await scenario.CloseAsync(findings[0]);
        var (photoId, photo) = await FixWithPhotoAsync(live, findings[1]);
        var states = new Dictionary<string, string>();
        foreach (var id in findings)
        {
            states[id] = (await scenario.FindingAsync(id)).GetProperty("state").GetString()!;
        }

        var checkpoint = await (await live.SignInAsync("admin")).GetJsonAsync("/api/audit/checkpoint");
        var token = (await live.SignInAsync("safety1")).DefaultRequestHeaders.Authorization!;

        // The backup, while the app runs: the database, then the master key file and the photo folder, each kept apart.
        var dump = await Backups.BackUpAsync(liveDatabase, Path.Combine(_folder, "backup", "database"));
        var liveKey = TestDatabase.IsPostgres ? TestDatabase.MasterKeyFile : Path.Combine(Path.GetDirectoryName(liveDatabase)!, "master.key");
        var keyBackup = Path.Combine(_folder, "backup", "key", "master.key");
        Directory.CreateDirectory(Path.GetDirectoryName(keyBackup)!);
        File.Copy(liveKey, keyBackup);
        CopyFolder(livePhotos, Path.Combine(_folder, "backup", "photos"));

        // The restore: a new database, the key file and the photos from their own backups.
        var restored = await Backups.RestoreAsync(dump, Path.Combine(_folder, "restored"));
        var restoredPhotos = Path.Combine(_folder, "restored", "photos");
        CopyFolder(Path.Combine(_folder, "backup", "photos"), restoredPhotos);
        await using var app = new SafetyFlowApp(restored, settings: new Dictionary<string, string?>
        {
            ["SafetyFlow:Keys:MasterKeyFile"] = keyBackup,
            ["SafetyFlow:Photos:Path"] = restoredPhotos,
        });

        var office = await app.SignInAsync("safety1");
        foreach (var (id, state) in states)
        {
            Assert.Equal(state, (await office.GetJsonAsync($"/api/findings/{id}")).GetProperty("state").GetString());
        }

        Assert.Equal("Closed", states[findings[0]]);
        await app.SignInAsync("admin");
        var verified = await office.GetJsonAsync("/api/audit/verify");
        Assert.True(verified.GetProperty("ok").GetBoolean(), verified.ToString());
        var againstCheckpoint = await office.PostJsonAsync("/api/audit/verify", checkpoint);
        Assert.True(againstCheckpoint.GetProperty("ok").GetBoolean(), againstCheckpoint.ToString());

        // The token signing key came back with the database, opened by the key file: a token of the live app holds.
        var carried = app.CreateClient();
        carried.DefaultRequestHeaders.Authorization = token;
        Assert.Equal(HttpStatusCode.OK, (await carried.GetAsync("/api/audit/verify")).StatusCode);

        var owner = await app.SignInAsync((await office.GetJsonAsync($"/api/findings/{findings[1]}")).GetProperty("owner").GetString()!);
        var shown = await owner.GetAsync($"/photos/{photoId}");
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal(photo, await shown.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_restored_database_without_its_master_key_file_does_not_start_and_names_the_setting()
    {
        var liveDatabase = TestDatabase.IsPostgres ? SafetyFlowApp.NewDatabase() : Path.Combine(_folder, "live", "safetyflow.db");
        await using (var live = new SafetyFlowApp(liveDatabase))
        {
            await new AuditScenario(live).RaiseAsync("z-dorm-a");
            var restored = await Backups.RestoreAsync(await Backups.BackUpAsync(liveDatabase, Path.Combine(_folder, "backup")), Path.Combine(_folder, "restored"));

            var (exitCode, stderr) = await AppProcess.RunToExitAsync(new Dictionary<string, string>
            {
                ["ConnectionStrings__SafetyFlow"] = TestDatabase.ConnectionString(restored),
                ["SafetyFlow__Keys__MasterKeyFile"] = Path.Combine(_folder, "restored", "master.key"),
            });

            Assert.Equal(1, exitCode);
            Assert.Contains("SafetyFlow:Keys:MasterKeyFile", stderr, StringComparison.Ordinal);
            Assert.Contains("no key file", stderr, StringComparison.Ordinal);
        }
    }

    /// <summary>The owner submits the fix on the finding's page with a photo; the stored photo's id and its bytes as served.</summary>
    private static async Task<(Guid Id, byte[] Bytes)> FixWithPhotoAsync(SafetyFlowApp app, string findingId)
    {
        var ownerName = (await new AuditScenario(app).FindingAsync(findingId)).GetProperty("owner").GetString()!;
        var owner = await app.SignInToPagesAsync(ownerName);
        using var bitmap = new SKBitmap(64, 48);
        bitmap.Erase(SKColors.OrangeRed);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await owner.AntiForgeryTokenAsync($"/findings/{findingId}")), "__RequestVerificationToken" },
            { new StringContent("换了新的灭火器"), "note" },
        };
        var image = new ByteArrayContent(png.ToArray());
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(image, "photo", "fix.png");
        var response = await owner.PostAsync($"/findings/{findingId}?handler=Fix", form);
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"The fix answered {(int)response.StatusCode}");

        Guid photoId;
        using (var scope = app.Services.CreateScope())
        {
            var finding = Guid.Parse(findingId);
            photoId = await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Photos.Where(p => p.FindingId == finding).Select(p => p.Id).SingleAsync();
        }

        var served = await (await app.SignInAsync(ownerName)).GetAsync($"/photos/{photoId}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        return (photoId, await served.Content.ReadAsByteArrayAsync());
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
