using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// The simulation clock (<c>SafetyFlow:Clock:Mode</c> = <c>Manual</c>). It stands still until an admin moves it. Its
/// position is kept in the database, the one truth every node follows (<see cref="ClockFollower"/>), so a restart
/// resumes where the simulation was and a move on one node counts on all of them. On a node it never goes back.
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
        var stored = await ReadAsync(db, cancellationToken);
        if (stored is null)
        {
            db.SystemSettings.Add(new SystemSetting { Key = SettingKey, Value = Format(GetUtcNow()) });
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        lock (_gate)
        {
            _now = stored.Value;
        }
    }

    /// <summary>Takes the position stored in the database when another node has moved it ahead of this one.</summary>
    public async Task RefreshAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await ReadAsync(db, cancellationToken) is { } stored)
        {
            Follow(stored);
        }
    }

    /// <summary>
    /// Moves the stored clock forward by <paramref name="by"/> and this node with it. The move is a compare-and-set on
    /// the stored position, tried again from the new position when another node moved the clock in between, so two moves
    /// at once on two nodes both count (decision 017).
    /// </summary>
    /// <returns>The stored position just before this move, and just after it.</returns>
    public async Task<ClockMove> AdvanceAsync(TimeSpan by, SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        while (true)
        {
            var stored = await db.SystemSettings.AsNoTracking().Where(s => s.Key == SettingKey).Select(s => s.Value).SingleOrDefaultAsync(cancellationToken);
            if (stored is null)
            {
                await RestoreAsync(db, cancellationToken);
                continue;
            }

            var before = Parse(stored);
            var after = before + by;
            var value = Format(after);
            var moved = await db.SystemSettings.Where(s => s.Key == SettingKey && s.Value == stored)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, value), cancellationToken);
            if (moved == 1)
            {
                Follow(after);
                return new ClockMove(before, after);
            }

            // Another node moved the clock between the read and the update: this move starts from where that one ended.
        }
    }

    private void Follow(DateTimeOffset stored)
    {
        lock (_gate)
        {
            if (stored > _now)
            {
                _now = stored;
            }
        }
    }

    private static async Task<DateTimeOffset?> ReadAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        var value = await db.SystemSettings.AsNoTracking().Where(s => s.Key == SettingKey).Select(s => s.Value).SingleOrDefaultAsync(cancellationToken);
        return value is null ? null : Parse(value);
    }

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture).ToUniversalTime();

    private static string Format(DateTimeOffset instant) => instant.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}

/// <summary>One move of the simulation clock: where the stored clock was just before it, and where it ended.</summary>
public sealed record ClockMove(DateTimeOffset Before, DateTimeOffset After);

/// <summary>
/// Keeps this node's simulation clock at the position stored in the database: every second in the background, and on
/// demand before a timer job reads the time. With the system clock there is nothing to follow.
/// </summary>
public sealed class ClockFollower(TimeProvider clock, IServiceScopeFactory scopes, ILogger<ClockFollower> logger) : BackgroundService
{
    /// <summary>How often the stored position is read in the background.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Reads the stored position now; nothing on the system clock.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (clock is not ManualClock manual)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        await manual.RefreshAsync(scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>(), cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time: the simulation clock stands still between moves.
        using var timer = new PeriodicTimer(Interval, TimeProvider.System);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The simulation clock could not be read from the database; trying again in {Interval}", Interval);
            }
        }
    }
}
