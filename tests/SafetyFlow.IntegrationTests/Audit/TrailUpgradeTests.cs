using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>A database whose trail was written before it was keyed verifies intact after the upgrade, except what was already broken.</summary>
public sealed class TrailUpgradeTests
{
    private const string BeforeTrailSeals = "20261203074028_EscalationFailures";

    [SqliteFact("builds the earlier schema on a SQLite file")]
    public async Task An_unkeyed_trail_is_sealed_at_the_first_start_after_the_upgrade_and_a_record_broken_before_stays_broken()
    {
        var file = Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"upgrade-{Guid.NewGuid():N}", "safetyflow.db");
        List<string> findings;
        await using (var app = new SafetyFlowApp(file))
        {
            var scenario = new AuditScenario(app);
            findings = [.. await scenario.RaiseAsync("z-canteen-kitchen", assets: 2), .. await scenario.RaiseAsync("z-dorm-a")];
            await scenario.CloseAsync(findings[0]);
        }

        // The trail as the earlier version wrote it: record hashes over the earlier digest, no seals, keys in the clear.
        var options = new DbContextOptionsBuilder<SafetyFlowDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options;
        long tampered;
        await using (var db = new SafetyFlowDbContext(options))
        {
            await WriteUnkeyedAsync(db);
            tampered = await db.FindingTransitions.Where(t => t.FindingId == Guid.Parse(findings[2])).MinAsync(t => t.Id);
            await db.GetService<IMigrator>().MigrateAsync(BeforeTrailSeals);
            await db.Database.ExecuteSqlRawAsync("INSERT INTO SystemSettings (Key, Value) VALUES ('auth.signing-key', 'c2lnbmluZyBrZXkgaW4gdGhlIGNsZWFyIGZyb20gYW4gb2xkIHZlcnNpb24gb2YgdGhlIGFwcA==')");

            // Changed behind the app's back before the upgrade: sealing must not make it look right.
            await db.Database.ExecuteSqlAsync($"UPDATE FindingTransitions SET Note = 'nothing was wrong' WHERE Id = {tampered}");
        }

        await using (var app = new SafetyFlowApp(file))
        {
            var result = await (await app.SignInAsync("safety1")).GetJsonAsync("/api/audit/verify");
            Assert.False(result.GetProperty("ok").GetBoolean());
            var broken = result.GetProperty("firstBroken");
            Assert.Equal(tampered, broken.GetProperty("transitionId").GetInt64());
            Assert.Contains("does not match its hash", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);

            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            Assert.Equal(0, await db.FindingTransitions.CountAsync(t => t.FindingId != Guid.Parse(findings[2]) && t.Seal == ""));
            Assert.Equal(0, await db.Inspections.CountAsync(i => i.Seal == ""));
            Assert.False(await db.SystemSettings.AnyAsync(s => s.Key == "auth.signing-key" || s.Key == "trail.unsealed"));
            Assert.True(await db.TrailCheckpoints.AnyAsync());
        }
    }

    /// <summary>Every record's digest as the earlier version computed it, the hashes chained again over it, the seals cleared.</summary>
    private static async Task WriteUnkeyedAsync(SafetyFlowDbContext db)
    {
        var findings = await db.Findings.AsNoTracking().ToDictionaryAsync(f => f.Id);
        var records = await db.FindingTransitions.AsNoTracking().OrderBy(t => t.Id).ToListAsync();
        var latest = records.GroupBy(r => r.FindingId).ToDictionary(g => g.Key, g => g.Max(r => r.Id));
        var rehashed = new Dictionary<string, string>(StringComparer.Ordinal);
        var key = new TrailKey();
        key.Use(new byte[32]);
        foreach (var record in records)
        {
            var legacy = new FindingTransition
            {
                Id = record.Id, FindingId = record.FindingId, At = record.At, ActorId = record.ActorId, ActorName = record.ActorName,
                Action = record.Action, From = record.From, To = record.To, Note = record.Note,
            };
            var digest = latest[record.FindingId] == record.Id ? AuditTrail.LegacyDigest(findings[record.FindingId]) : record.FindingDigest;
            legacy.SealInto(key, rehashed.GetValueOrDefault(record.PreviousHash, record.PreviousHash), digest);
            rehashed[record.Hash] = legacy.Hash;
            await db.FindingTransitions.Where(t => t.Id == record.Id).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.FindingDigest, legacy.FindingDigest)
                .SetProperty(t => t.PreviousHash, legacy.PreviousHash)
                .SetProperty(t => t.Hash, legacy.Hash));
        }
    }
}
