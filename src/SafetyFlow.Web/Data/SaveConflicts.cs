using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace SafetyFlow.Web.Data;

/// <summary>
/// Tells a save that lost a race from a real fault: a concurrency-token mismatch, or a unique key that another request
/// stored first. Both mean "the record changed meanwhile" (409), on SQLite and on PostgreSQL.
/// </summary>
internal static class SaveConflicts
{
    /// <summary>SQLite's SQLITE_CONSTRAINT (19), extended as SQLITE_CONSTRAINT_UNIQUE (2067) or SQLITE_CONSTRAINT_PRIMARYKEY (1555).</summary>
    private const int SqliteConstraint = 19;
    private const int SqliteUnique = 2067;
    private const int SqlitePrimaryKey = 1555;

    public static bool IsConflict(this DbUpdateException exception) =>
        exception is DbUpdateConcurrencyException || IsUniqueViolation(exception.InnerException);

    /// <summary>Whether the database refused a write for a unique key (a statement run outside a tracked save throws this directly).</summary>
    public static bool IsUniqueViolation(Exception? exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint && sqlite.SqliteExtendedErrorCode is SqliteUnique or SqlitePrimaryKey,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
