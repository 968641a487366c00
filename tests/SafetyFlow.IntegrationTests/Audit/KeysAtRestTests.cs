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
    private SafetyFlowApp _app = null!;

    private string KeyFile => Path.Combine(_folder, "master.key");

    public async Task InitializeAsync()
    {
        _app = new SafetyFlowApp(Path.Combine(_folder, "safetyflow.db"));

        // A page sign-in makes the Data Protection key behind cookies and anti-forgery tokens.
        using var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
        await new AuditScenario(_app).RaiseAsync("z-dorm-a");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SqliteFact("copies the database file")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_fresh_install_creates_its_master_key_file_beside_the_database_readable_by_its_owner_only()
    {
        Assert.True(File.Exists(KeyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
    }

    [SqliteFact("copies the database file")]
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

    [SqliteFact("copies the database file")]
    public async Task No_value_in_a_copy_of_the_database_signs_a_token_the_app_accepts()
    {
        var copy = await CopyDatabaseAsync();
        var admin = await AdminIdAsync();
        var values = new List<string>();
        await using (var db = new SafetyFlowDbContext(new DbContextOptionsBuilder<SafetyFlowDbContext>().UseSqlite($"Data Source={copy};Pooling=False").Options))
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

    [SqliteFact("copies the database file")]
    public async Task A_copy_of_the_database_started_with_a_fresh_master_key_stops_naming_the_setting()
    {
        var copy = await CopyDatabaseAsync();
        var fresh = Path.Combine(Path.GetDirectoryName(copy)!, "fresh.key");
        await File.WriteAllTextAsync(fresh, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var (exitCode, stderr) = await AppProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__SafetyFlow"] = $"Data Source={copy}",
            ["SafetyFlow__Keys__MasterKeyFile"] = fresh,
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("SafetyFlow:Keys:MasterKeyFile", stderr, StringComparison.Ordinal);
        Assert.Contains("is not the one this database's keys are sealed with", stderr, StringComparison.Ordinal);
    }

    [SqliteFact("copies the database file")]
    public async Task A_database_whose_master_key_file_is_missing_stops_start_up_and_makes_no_new_keys()
    {
        var copy = await CopyDatabaseAsync();

        var (exitCode, stderr) = await AppProcess.RunToExitAsync(new Dictionary<string, string> { ["ConnectionStrings__SafetyFlow"] = $"Data Source={copy}" });

        Assert.Equal(1, exitCode);
        Assert.Contains("SafetyFlow:Keys:MasterKeyFile", stderr, StringComparison.Ordinal);
        Assert.Contains("no key file", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(copy)!, "master.key")));
    }

    [SqliteFact("copies the database file")]
    public async Task A_rotated_master_key_reseals_the_keys_so_tokens_and_the_trail_still_hold()
    {
        var token = (await _app.SignInAsync("admin")).DefaultRequestHeaders.Authorization!;
        await _app.DisposeAsync();
        var next = Path.Combine(_folder, "next.key");
        await File.WriteAllTextAsync(next, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        _app = new SafetyFlowApp(Path.Combine(_folder, "safetyflow.db"), settings: new Dictionary<string, string?>
        {
            ["SafetyFlow:Keys:MasterKeyFile"] = next,
            ["SafetyFlow:Keys:PreviousMasterKeyFile"] = KeyFile,
        });
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = token;
        Assert.True((await client.GetJsonAsync("/api/audit/verify")).GetProperty("ok").GetBoolean());
        await _app.DisposeAsync();

        // Once re-sealed, the new key alone opens them, and the old one no longer does.
        _app = new SafetyFlowApp(Path.Combine(_folder, "safetyflow.db"), settings: new Dictionary<string, string?> { ["SafetyFlow:Keys:MasterKeyFile"] = next });
        Assert.True((await (await _app.SignInAsync("admin")).GetJsonAsync("/api/audit/verify")).GetProperty("ok").GetBoolean());
        var (exitCode, stderr) = await AppProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__SafetyFlow"] = $"Data Source={Path.Combine(_folder, "safetyflow.db")}",
            ["SafetyFlow__Keys__MasterKeyFile"] = KeyFile,
        });
        Assert.Equal(1, exitCode);
        Assert.Contains("SafetyFlow:Keys:MasterKeyFile", stderr, StringComparison.Ordinal);
    }

    /// <summary>A consistent copy of the live database in a folder of its own, as a backup would be.</summary>
    private async Task<string> CopyDatabaseAsync()
    {
        var copy = Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"copy-{Guid.NewGuid():N}", "safetyflow.db");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        using var scope = _app.Services.CreateScope();
        var sql = $"VACUUM INTO '{copy}'";
        await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Database.ExecuteSqlRawAsync(sql);
        return copy;
    }

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
