using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.Web.Data;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>
/// The database provider these tests run on, fixed by the test project that compiles them: SafetyFlow.IntegrationTests
/// runs them on SQLite files, SafetyFlow.IntegrationTests.Postgres on PostgreSQL (<see cref="PostgresServer"/>).
/// </summary>
public static class TestDatabase
{
#if POSTGRES
    public static bool IsPostgres => true;
#else
    public static bool IsPostgres => false;
#endif

    /// <summary>
    /// Adds <paramref name="interceptor"/> to the context the app registers for the provider under test (on PostgreSQL
    /// under the provider's own type, whose migrations differ).
    /// </summary>
    public static void AddInterceptor(IServiceCollection services, IInterceptor interceptor)
    {
        if (IsPostgres)
        {
            services.ConfigureDbContext<PostgresSafetyFlowDbContext>(db => db.AddInterceptors(interceptor));
        }
        else
        {
            services.ConfigureDbContext<SafetyFlowDbContext>(db => db.AddInterceptors(interceptor));
        }
    }

    /// <summary>The value of <c>SafetyFlow:Database:Provider</c>.</summary>
    public static string Provider => IsPostgres ? "Postgres" : "Sqlite";

    /// <summary>A new empty database: a SQLite file path, or the name of a new PostgreSQL database.</summary>
    public static string New() => IsPostgres
        ? PostgresServer.Instance.CreateDatabase()
        : Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"{Guid.NewGuid():N}.db");

    /// <summary>The value of <c>ConnectionStrings:SafetyFlow</c> for a database from <see cref="New"/>.</summary>
    public static string ConnectionString(string database) => IsPostgres
        ? PostgresServer.Instance.ConnectionString(database)
        : $"Data Source={database}";

    /// <summary>
    /// The master key file of the test apps on PostgreSQL, whose default is under the content root (the repository). On
    /// SQLite the default, beside the database file, is kept: some tests move that file.
    /// </summary>
    public static string MasterKeyFile { get; } = Path.Combine(Path.GetTempPath(), "safetyflow-tests", "master.key");

    /// <summary>A context straight on a database, with no app around it and no pooled connection left behind.</summary>
    public static SafetyFlowDbContext OpenContext(string database) => IsPostgres
        ? new PostgresSafetyFlowDbContext(new DbContextOptionsBuilder<PostgresSafetyFlowDbContext>().UseNpgsql(ConnectionString(database) + ";Pooling=false").Options)
        : new SafetyFlowDbContext(new DbContextOptionsBuilder<SafetyFlowDbContext>().UseSqlite($"Data Source={database};Pooling=False").Options);

    /// <summary>Closes this process's idle connections to the database, once the app on it has stopped.</summary>
    public static void Release(string database)
    {
        if (IsPostgres)
        {
            using var connection = new Npgsql.NpgsqlConnection(ConnectionString(database));
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
    }
}

/// <summary>A test that only means something on SQLite; on PostgreSQL it is skipped with the reason given.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute(string reasonOnPostgres)
    {
        ReasonOnPostgres = reasonOnPostgres;
        if (TestDatabase.IsPostgres)
        {
            Skip = "SQLite only: " + reasonOnPostgres;
        }
    }

    public string ReasonOnPostgres { get; }
}

/// <summary>A theory that only means something on SQLite; on PostgreSQL it is skipped with the reason given.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteTheoryAttribute : TheoryAttribute
{
    public SqliteTheoryAttribute(string reasonOnPostgres)
    {
        ReasonOnPostgres = reasonOnPostgres;
        if (TestDatabase.IsPostgres)
        {
            Skip = "SQLite only: " + reasonOnPostgres;
        }
    }

    public string ReasonOnPostgres { get; }
}

/// <summary>A test of what only PostgreSQL offers (several nodes on one database); on SQLite it is skipped with the reason given.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute(string reasonOnSqlite)
    {
        ReasonOnSqlite = reasonOnSqlite;
        if (!TestDatabase.IsPostgres)
        {
            Skip = "PostgreSQL only: " + reasonOnSqlite;
        }
    }

    public string ReasonOnSqlite { get; }
}
