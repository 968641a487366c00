using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>
/// Counts the statements a piece of work sends that <paramref name="counts"/> picks (by default the queries: SELECT),
/// each statement of a batched command on its own, on either provider: added to the app's context with
/// <see cref="AddTo"/>, it counts only inside <see cref="CountingAsync{T}"/>, so the app's own jobs do not count.
/// </summary>
internal sealed class QueryCounter(Func<string, bool>? counts = null) : DbCommandInterceptor
{
    private static readonly AsyncLocal<ConcurrentBag<string>?> Current = new();

    private readonly Func<string, bool> _counts = counts ?? (sql => sql.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase));

    public static Task<(T Value, int Queries)> CountingAsync<T>(Func<Task<T>> work) => Task.Run(async () =>
    {
        var seen = new ConcurrentBag<string>();
        Current.Value = seen;
        var value = await work();
        return (value, seen.Count);
    });

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
        if (Current.Value is not { } seen)
        {
            return;
        }

        foreach (var statement in command.CommandText.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (_counts(statement))
            {
                seen.Add(statement);
            }
        }
    }
}
