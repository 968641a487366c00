using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.Web.Data;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>
/// Counts the queries (SELECT statements) a piece of work sends, on either provider: added to the app's context with
/// <see cref="AddTo"/>, it counts only inside <see cref="CountingAsync{T}"/>, so the app's own jobs do not count.
/// </summary>
internal sealed class QueryCounter : DbCommandInterceptor
{
    private static readonly AsyncLocal<ConcurrentBag<string>?> Current = new();

    public static Task<(T Value, int Queries)> CountingAsync<T>(Func<Task<T>> work) => Task.Run(async () =>
    {
        var seen = new ConcurrentBag<string>();
        Current.Value = seen;
        var value = await work();
        return (value, seen.Count);
    });

    public void AddTo(IServiceCollection services)
    {
        TestDatabase.AddInterceptor(services, this);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (Current.Value is { } seen && command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            seen.Add(command.CommandText);
        }

        return ValueTask.FromResult(result);
    }
}
