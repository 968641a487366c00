using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>
/// The keys the database holds are sealed with a master key that stays outside it: what a copy of the database, or a
/// start with the wrong key, gives an attacker or an operator.
/// </summary>
public sealed class KeysAtRestTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"keys-{Guid.NewGuid():N}");
    private readonly string _database;
    private SafetyFlowApp _app = null!;

    public KeysAtRestTests()
    {
        _database = TestDatabase.IsPostgres ? SafetyFlowApp.NewDatabase() : Path.Combine(_folder, "safetyflow.db");
    }

    /// <summary>Beside the SQLite file by default; on PostgreSQL, which has no file to sit beside, named in the setting.</summary>
    private string KeyFile => Path.Combine(_folder, "master.key");

    public async Task InitializeAsync()
    {
        _app = new SafetyFlowApp(_database, settings: KeySetting(KeyFile));

        // A page sign-in makes the Data Protection key behind cookies and anti-forgery tokens.
        using var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
        await new AuditScenario(_app).RaiseAsync("z-dorm-a");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_fresh_install_creates_its_master_key_file_beside_the_database_readable_by_its_owner_only()
    {
        Assert.True(File.Exists(KeyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
    }

    [Fact]
    public async Task The_data_protection_keys_in_the_database_are_sealed_not_plain_xml()
    {
        using var scope = _app.Services.CreateScope();
        var keys = await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().DataProtectionKeys.Select(k => k.Xml!).ToListAsync();

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("sealedWithMasterKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task No_value_in_a_copy_of_the_database_signs_a_token_the_app_accepts()
    {
        var (copy, _) = await CopyDatabaseAsync();
        var admin = await AdminIdAsync();
        var values = new List<string>();
        await using (var db = TestDatabase.OpenContext(copy))
        {
            values.AddRange(await db.SystemSettings.Select(s => s.Value).ToListAsync());
            values.AddRange(await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        }

        Assert.Contains(values, v => v.Length > 40);
        var accepted = _app.CreateClient();
        foreach (var value in values)
        {
            foreach (var key in Candidates(value))
            {
                accepted.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(key, admin));
                Assert.Equal(HttpStatusCode.Unauthorized, (await accepted.GetAsync("/api/audit/verify")).StatusCode);
            }
        }

        // The app's own tokens are accepted: the refusals above are the key's doing.
        Assert.Equal(HttpStatusCode.OK, (await (await _app.SignInAsync("admin")).GetAsync("/api/audit/verify")).StatusCode);
    }

    [Fact]
    public async Task A_copy_of_the_database_started_with_a_fresh_master_key_stops_naming_the_setting()
    {
        var (copy, folder) = await CopyDatabaseAsync();
        var fresh = Path.Combine(folder, "fresh.key");
        await File.WriteAllTextAsync(fresh, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var (exitCode, stderr) = await AppProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__SafetyFlow"] = TestDatabase.ConnectionString(copy),
            ["SafetyFlow__Keys__MasterKeyFile"] = fresh,
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("SafetyFlow:Keys:MasterKeyFile", stderr, StringComparison.Ordinal);
        Assert.Contains("is not the one this database's keys are sealed with", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_whose_master_key_file_is_missing_stops_start_up_and_makes_no_new_keys()
    {
        var (copy, folder) = await CopyDatabaseAsync();

        // SQLite looks beside the copy by default; on PostgreSQL the same place is named.
        var environment = new Dictionary<string, string> { ["ConnectionStrings__SafetyFlow"] = TestDatabase.ConnectionString(copy) };
        if (TestDatabase.IsPostgres)
        {
            environment["SafetyFlow__Keys__MasterKeyFile"] = Path.Combine(folder, "master.key");
        }

        var (exitCode, stderr) = await AppProcess.RunToExitAsync(environment);

        Assert.Equal(1, exitCode);
        Assert.Contains("SafetyFlow:Keys:MasterKeyFile", stderr, StringComparison.Ordinal);
        Assert.Contains("no key file", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "master.key")));
    }

    [Fact]
    public async Task A_rotated_master_key_reseals_the_keys_so_tokens_and_the_trail_still_hold()
    {
        var token = (await _app.SignInAsync("admin")).DefaultRequestHeaders.Authorization!;
        await _app.DisposeAsync();
        var next = Path.Combine(_folder, "next.key");
        await File.WriteAllTextAsync(next, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        _app = new SafetyFlowApp(_database, settings: new Dictionary<string, string?>
        {
            ["SafetyFlow:Keys:MasterKeyFile"] = next,
            ["SafetyFlow:Keys:PreviousMasterKeyFile"] = KeyFile,
        });
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = token;
        Assert.True((await client.GetJsonAsync("/api/audit/verify")).GetProperty("ok").GetBoolean());
        await _app.DisposeAsync();

        // Once re-sealed, the new key alone opens them, and the old one no longer does.
        _app = new SafetyFlowApp(_database, settings: new Dictionary<string, string?> { ["SafetyFlow:Keys:MasterKeyFile"] = next });
        Assert.True((await (await _app.SignInAsync("admin")).GetJsonAsync("/api/audit/verify")).GetProperty("ok").GetBoolean());
        var (exitCode, stderr) = await AppProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__SafetyFlow"] = TestDatabase.ConnectionString(_database),
            ["SafetyFlow__Keys__MasterKeyFile"] = KeyFile,
        });
        Assert.Equal(1, exitCode);
        Assert.Contains("SafetyFlow:Keys:MasterKeyFile", stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// A consistent copy of the live database, taken and restored as a backup is (<see cref="Backups"/>), and the folder
    /// of its own it was restored in, which holds no key file.
    /// </summary>
    private async Task<(string Database, string Folder)> CopyDatabaseAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"copy-{Guid.NewGuid():N}");
        var backup = await Backups.BackUpAsync(_database, Path.Combine(folder, "backup"));
        return (await Backups.RestoreAsync(backup, folder), folder);
    }

    /// <summary>On PostgreSQL, the test apps' shared key file is replaced by one of this test's own.</summary>
    private static Dictionary<string, string?> KeySetting(string keyFile) =>
        TestDatabase.IsPostgres ? new() { ["SafetyFlow:Keys:MasterKeyFile"] = keyFile } : [];

    private async Task<Guid> AdminIdAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
    }

    /// <summary>The ways a stored value could be taken as a signing key: its base64 bytes, or its text.</summary>
    private static IEnumerable<byte[]> Candidates(string value)
    {
        var buffer = new byte[value.Length];
        if (Convert.TryFromBase64String(value, buffer, out var written) && written >= 32)
        {
            yield return buffer[..written];
        }

        var text = Encoding.UTF8.GetBytes(value);
        if (text.Length >= 32)
        {
            yield return text;
        }
    }

    private static string Token(byte[] key, Guid admin)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "safetyflow",
            Audience = "safetyflow",
            Subject = new ClaimsIdentity([new Claim("sub", admin.ToString()), new Claim("name", "admin"), new Claim("role", "Admin")]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }
}
