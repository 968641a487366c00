using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.Web.Features.Inspections;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>
/// Holds every submit just after it has read its inspection (<see cref="SubmitInspection.ReadTag"/>) until
/// <see cref="Meet"/> submits have read theirs, a minute at most. A submit stores only after that read, so submits that
/// met here all read the inspection before any of them stored anything: they raced.
/// </summary>
public sealed class SubmitReadGate : DbCommandInterceptor
{
    private static readonly TimeSpan MeetTimeout = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<DbContext, bool> _readers = new();
    private readonly TaskCompletionSource _met = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Meet { get; init; } = 2;

    /// <summary>How many submits (one context each) have read their inspection.</summary>
    public int Contenders => _readers.Count;

    /// <summary>Adds the gate to the context the app registers for the provider under test.</summary>
    public void AddTo(IServiceCollection services)
    {
        // On PostgreSQL the app registers its context under the provider's own type (its migrations differ).
        TestDatabase.AddInterceptor(services, this);
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } db && command.CommandText.Contains(SubmitInspection.ReadTag, StringComparison.Ordinal) && _readers.TryAdd(db, true))
        {
            if (_readers.Count >= Meet)
            {
                _met.TrySetResult();
            }

            // A lone submit goes on after a while; the test then fails on the number of contenders.
            await Task.WhenAny(_met.Task, Task.Delay(MeetTimeout, cancellationToken));
        }

        return result;
    }
}
