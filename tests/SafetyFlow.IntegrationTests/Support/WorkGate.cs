using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>
/// Watches the saves of named sweeps and drains (a <see cref="Contender"/> each) on an app's database: every ladder step
/// (<c>step</c>, by finding), every planning of outbox rows (<c>plan</c>, by outbox row) and every claim of a delivery for
/// an attempt (<c>attempt</c>, by delivery) is recorded with who made it. The first save of each kind a contender makes
/// is held until <see cref="Meet"/> contenders wait at that kind, so a test knows they worked at the same time; the
/// saves of the <see cref="Stalled"/> contender are held until <see cref="ReleaseStalled"/>, as if its node had died
/// holding its claims.
/// </summary>
public sealed class WorkGate : SaveChangesInterceptor
{
    private static readonly AsyncLocal<string?> Current = new();
    private static readonly TimeSpan MeetTimeout = TimeSpan.FromMinutes(1);
    private readonly ConcurrentQueue<WorkSave> _saves = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _arrived = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _met = new();
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// How many contenders a first save of a kind waits for, a minute at most: on a loaded machine the other contender can
    /// take many seconds to reach the same kind of work (a drain still planning while the first already sends).
    /// </summary>
    public int Meet { get; init; } = 2;

    /// <summary>The contender whose saves never go through until released.</summary>
    public string? Stalled { get; init; }

    public IReadOnlyList<WorkSave> Saves => [.. _saves];

    /// <summary>Completes when the stalled contender has reached its first save, holding its claimed batch.</summary>
    public Task StalledAtWork => _stalled.Task;

    /// <summary>Runs <paramref name="work"/> as <paramref name="contender"/>.</summary>
    public static Task<T> Contender<T>(string contender, Func<Task<T>> work) => Task.Run(async () =>
    {
        Current.Value = contender;
        return await work();
    });

    /// <summary>Adds the gate to the context the app registers for the provider under test.</summary>
    public void AddTo(IServiceCollection services)
    {
        // On PostgreSQL the app registers its context under the provider's own type (its migrations differ).
        TestDatabase.AddInterceptor(services, this);
    }

    /// <summary>The contenders that waited at the first save of <paramref name="kind"/>.</summary>
    public IReadOnlyCollection<string> MetAt(string kind) => _arrived.TryGetValue(kind, out var arrived) ? [.. arrived.Keys] : [];

    public void ReleaseStalled() => _released.TrySetResult();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (Current.Value is not { } contender || eventData.Context is not { } db)
        {
            return result;
        }

        var work = WorkIn(db);
        foreach (var save in work)
        {
            _saves.Enqueue(save with { Contender = contender });
        }

        if (work.Count == 0)
        {
            return result;
        }

        if (contender == Stalled)
        {
            _stalled.TrySetResult();
            await _released.Task;
            return result;
        }

        var kind = work[0].Kind;
        var arrived = _arrived.GetOrAdd(kind, _ => new());
        var met = _met.GetOrAdd(kind, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (arrived.TryAdd(contender, true))
        {
            if (arrived.Count >= Meet)
            {
                met.TrySetResult();
            }

            // A lone contender goes on after a while; the test then fails on who met.
            await Task.WhenAny(met.Task, Task.Delay(MeetTimeout, cancellationToken));
        }

        return result;
    }

    private static List<WorkSave> WorkIn(DbContext db)
    {
        var tracker = db.ChangeTracker;
        var steps = tracker.Entries<FindingTransition>().Where(e => e.State == EntityState.Added)
            .Select(e => new WorkSave("step", "", e.Entity.FindingId));
        var planned = tracker.Entries<SafetyFlow.Web.Domain.Delivery>().Any(e => e.State == EntityState.Added)
            ? tracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Modified).Select(e => new WorkSave("plan", "", e.Entity.Id))
            : [];
        var attempts = tracker.Entries<SafetyFlow.Web.Domain.Delivery>().Where(e => e.State == EntityState.Modified && e.Property(d => d.Attempts).IsModified)
            .Select(e => new WorkSave("attempt", "", e.Entity.Id));
        return [.. steps.Concat(planned).Concat(attempts)];
    }
}

/// <summary>One piece of work a contender saved: a ladder step of a finding, a planned outbox row or a delivery's attempt.</summary>
public sealed record WorkSave(string Kind, string Contender, Guid Item);
