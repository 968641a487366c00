using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// The simulation clock (<c>SafetyFlow:Clock:Mode</c> = <c>Manual</c>). It stands still until an admin moves it;
/// its position is kept in the database so a restart resumes where the simulation was.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private const string SettingKey = "clock.now";
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start.ToUniversalTime();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Restores the clock from the database, or stores its start there on first use.</summary>
    public async Task RestoreAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stored = await db.SystemSettings.FindAsync([SettingKey], cancellationToken);
        if (stored is null)
        {
            db.SystemSettings.Add(new SystemSetting { Key = SettingKey, Value = GetUtcNow().ToString("O", CultureInfo.InvariantCulture) });
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        lock (_gate)
        {
            _now = DateTimeOffset.Parse(stored.Value, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Moves the clock forward and stores its new position.</summary>
    public async Task<DateTimeOffset> AdvanceAsync(TimeSpan by, SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        DateTimeOffset now;
        lock (_gate)
        {
            _now += by;
            now = _now;
        }

        var value = now.ToString("O", CultureInfo.InvariantCulture);
        var updated = await db.SystemSettings.Where(s => s.Key == SettingKey)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, value), cancellationToken);
        if (updated == 0)
        {
            db.SystemSettings.Add(new SystemSetting { Key = SettingKey, Value = value });
            await db.SaveChangesAsync(cancellationToken);
        }

        return now;
    }
}
