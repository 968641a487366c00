using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;

namespace SafetyFlow.IntegrationTests;

/// <summary>Each provider's migrations build the model the code declares: a model change without its migrations fails here.</summary>
public sealed class MigrationTests
{
    private const string HowToAdd =
        "The model has changes without a migration: add one for each provider (Data/Migrations/Sqlite and Data/Migrations/Postgres).";

    [Fact]
    public void The_sqlite_migrations_match_the_model()
    {
        using var db = new SafetyFlowDbContext(new DbContextOptionsBuilder<SafetyFlowDbContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.False(db.Database.HasPendingModelChanges(), HowToAdd);
    }

    [Fact]
    public void The_postgres_migrations_match_the_model()
    {
        using var db = new PostgresSafetyFlowDbContext(
            new DbContextOptionsBuilder<PostgresSafetyFlowDbContext>().UseNpgsql("Host=127.0.0.1;Database=unused").Options);

        Assert.False(db.Database.HasPendingModelChanges(), HowToAdd);
    }
}
