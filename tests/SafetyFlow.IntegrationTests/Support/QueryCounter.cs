using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>
/// Counts the statements a piece of work sends that <paramref name="counts"/> picks (by default the queries: SELECT),
/// each statement of a batched command on its own, on either provider: added to the app's context with
/// <see cref="AddTo"/>, it counts only inside <see cref="CountingAsync{T}"/>, so the app's own jobs do not count.
/// Made to count <paramref name="everywhere"/>, it also keeps what any part of the app sends (a background writer's
/// statements, which no request's flow reaches) in <see cref="Seen"/>.
/// </summary>
internal sealed class QueryCounter(Func<string, bool>? counts = null, bool everywhere = false) : DbCommandInterceptor
{
    private static readonly AsyncLocal<ConcurrentBag<string>?> Current = new();

    private readonly ConcurrentQueue<string> _everywhere = [];

    private readonly Func<string, bool> _counts = counts ?? (sql => sql.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase));

    public static Task<(T Value, int Queries)> CountingAsync<T>(Func<Task<T>> work) => Task.Run(async () =>
    {
        var seen = new ConcurrentBag<string>();
        Current.Value = seen;
        var value = await work();
        return (value, seen.Count);
    });

    /// <summary>The statements picked since the last <see cref="Clear"/>, in the order sent, when counting everywhere.</summary>
    public IReadOnlyList<string> Seen => [.. _everywhere];

    public void Clear() => _everywhere.Clear();

    public void AddTo(IServiceCollection services) => TestDatabase.AddInterceptor(services, this);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    private void Count(DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var seen = Current.Value;
        if (seen is null && !everywhere)
        {
            return;
        }

        foreach (var statement in command.CommandText.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (_counts(statement))
            {
                seen?.Add(statement);
                if (everywhere)
                {
                    _everywhere.Enqueue(statement);
                }
            }
        }
    }
}
