using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>The plan the database makes for a query the app sends, one line per step, on either provider.</summary>
public static class QueryPlans
{
    public static Task<List<string>> OfAsync<T>(SafetyFlowDbContext db, IQueryable<T> query) =>
        TestDatabase.IsPostgres ? PostgresAsync(db, query) : SqliteAsync(db, query);

    /// <summary>SQLite's <c>EXPLAIN QUERY PLAN</c>, each step's detail.</summary>
    private static async Task<List<string>> SqliteAsync<T>(SafetyFlowDbContext db, IQueryable<T> query)
    {
        var sql = query.ToQueryString();

        // ToQueryString declares parameters as ".param set" lines; EXPLAIN takes the statement with literals.
        var lines = sql.Split('\n');
        var statement = string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        foreach (var parameter in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var parts = parameter.Split(' ', 4);
            statement = statement.Replace(parts[2], parts[3].Trim(), StringComparison.Ordinal);
        }

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + statement;
        return await ReadAsync(command, column: 3);
    }

    /// <summary>
    /// PostgreSQL's planner scans a table this small whatever its indexes; with sequential scans priced out, the plan
    /// shows whether an index can answer the query at all.
    /// </summary>
    private static async Task<List<string>> PostgresAsync<T>(SafetyFlowDbContext db, IQueryable<T> query)
    {
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
        await using var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN " + command.CommandText;
        return await ReadAsync(command, column: 0);
    }

    private static async Task<List<string>> ReadAsync(System.Data.Common.DbCommand command, int column)
    {
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(column));
        }

        return plan;
    }
}
