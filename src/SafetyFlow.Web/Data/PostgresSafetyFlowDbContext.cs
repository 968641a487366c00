using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SafetyFlow.Web.Data;

/// <summary>The same model on PostgreSQL; a type of its own only so that its migrations stay apart from SQLite's.</summary>
public sealed class PostgresSafetyFlowDbContext(DbContextOptions<PostgresSafetyFlowDbContext> options) : SafetyFlowDbContext(options);

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL migrations without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresSafetyFlowDbContext>
{
    public PostgresSafetyFlowDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSafetyFlowDbContext>().UseNpgsql("Host=localhost;Database=safetyflow").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the SQLite migrations.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SafetyFlowDbContext>
{
    public SafetyFlowDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SafetyFlowDbContext>().UseSqlite("Data Source=design.db").Options);
}
