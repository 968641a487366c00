using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Features.Audit;

/// <summary>What the last check that read the whole trail found, from when it began to when it ended.</summary>
public sealed record FullCheckOutcome(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, TrailVerification Result);

/// <summary>
/// Keeps the outcome of the last full check and when one was last asked for, so that the audit page can show them on a
/// trail too long to check from the start as it opens. What it keeps only reports: an intact trail is shown as intact
/// only by a check run then, or resumed from a checkpoint whose verified mark is sealed.
/// </summary>
public sealed class TrailCheckLog(SafetyFlowDbContext db)
{
    internal const string OutcomeKey = "trail.lastFullCheck";

    internal const string RequestedKey = "trail.fullCheckRequested";

    public async Task<FullCheckOutcome?> LastAsync(CancellationToken cancellationToken) =>
        await ReadAsync(OutcomeKey, cancellationToken) is { } json ? JsonSerializer.Deserialize<FullCheckOutcome>(json, JsonSerializerOptions.Web) : null;

    /// <summary>When a full check was last asked for from the audit page; null when never.</summary>
    public async Task<DateTimeOffset?> RequestedAsync(CancellationToken cancellationToken) =>
        await ReadAsync(RequestedKey, cancellationToken) is { } json ? JsonSerializer.Deserialize<DateTimeOffset>(json, JsonSerializerOptions.Web) : null;

    internal Task RecordAsync(FullCheckOutcome outcome, CancellationToken cancellationToken) =>
        WriteAsync(OutcomeKey, JsonSerializer.Serialize(outcome, JsonSerializerOptions.Web), cancellationToken);

    public Task RequestAsync(DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(RequestedKey, JsonSerializer.Serialize(at, JsonSerializerOptions.Web), cancellationToken);

    private Task<string?> ReadAsync(string key, CancellationToken cancellationToken) =>
        db.SystemSettings.AsNoTracking().Where(s => s.Key == key).Select(s => s.Value).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Replaces the setting's value, or adds it; two nodes adding it at once leave the later value.</summary>
    private async Task WriteAsync(string key, string value, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await db.SystemSettings.Where(s => s.Key == key).ExecuteUpdateAsync(s => s.SetProperty(v => v.Value, value), cancellationToken) > 0)
            {
                return;
            }

            var setting = new SystemSetting { Key = key, Value = value };
            db.SystemSettings.Add(setting);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another node added it first: replace its value.
                db.Entry(setting).State = EntityState.Detached;
            }
        }
    }
}
