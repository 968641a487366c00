using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Data;

/// <summary>The one database of SafetyFlow. The model is provider-neutral; provider differences live in conventions.</summary>
public class SafetyFlowDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>The keys that protect sign-in cookies and anti-forgery tokens, shared by every node of one database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<Zone> Zones => Set<Zone>();

    public DbSet<Asset> Assets => Set<Asset>();

    public DbSet<Inspection> Inspections => Set<Inspection>();

    public DbSet<InspectionResult> InspectionResults => Set<InspectionResult>();

    public DbSet<Finding> Findings => Set<Finding>();

    public DbSet<FindingTransition> FindingTransitions => Set<FindingTransition>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<ZoneArrival> ZoneArrivals => Set<ZoneArrival>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<StoredWorkflowDefinition> WorkflowDefinitions => Set<StoredWorkflowDefinition>();

    public DbSet<SystemSetting> SystemSettings => Set<SystemSetting>();

    public DbSet<ZoneRating> ZoneRatings => Set<ZoneRating>();

    public DbSet<Photo> Photos => Set<Photo>();

    /// <summary>Photo bytes, where <c>SafetyFlow:Photos:Store</c> is <c>Database</c>.</summary>
    public DbSet<PhotoContent> PhotoContents => Set<PhotoContent>();

    /// <summary>Ladder steps that failed to fire, waiting to be tried again.</summary>
    public DbSet<EscalationFailure> EscalationFailures => Set<EscalationFailure>();

    /// <summary>Signed statements of the trail's head, kept as a cache; their trust comes from the trail key.</summary>
    public DbSet<TrailCheckpoint> TrailCheckpoints => Set<TrailCheckpoint>();

    /// <summary>Which run holds which due finding, outbox row or delivery, so that nodes split the work.</summary>
    public DbSet<WorkClaim> WorkClaims => Set<WorkClaim>();

    /// <summary>First answers to requests sent with an <c>Idempotency-Key</c>, by caller and key.</summary>
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);

        // On every context, however it was built: no write can skip the trail. The key comes from the app's services;
        // a context built without them can save nothing the trail covers.
        var services = optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
        optionsBuilder.AddInterceptors(AuditTrailInterceptor.For(services?.GetService(typeof(TrailKey)) as TrailKey));
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        if (Database.IsSqlite())
        {
            // SQLite has no date-time type: instants are stored as UTC ticks, so that SQL compares and orders them right
            // whatever offset a value arrived with, and reads back exactly what was written (100 ns).
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
        else
        {
            // PostgreSQL's timestamptz takes UTC only and keeps microseconds; local offsets are a matter of display.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
        }

        // Every weekly round adds an inspection target per asset of the group; nothing reads them by asset and assets are
        // never deleted, so an index on it would cost a page of its own per target and serve nothing (decision 027).
        HashSet<(Type, string)> unindexed = [(typeof(InspectionTarget), nameof(InspectionTarget.AssetId))];
        configurationBuilder.Conventions.Remove<ForeignKeyIndexConvention>();
        configurationBuilder.Conventions.Add(services => new ForeignKeyIndexesExcept(
            services.GetRequiredService<ProviderConventionSetBuilderDependencies>(), unindexed));
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SafetyFlowDbContext).Assembly);

        builder.Entity<AppUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(100);
            user.Property(u => u.Language).HasMaxLength(10);
            user.Property(u => u.NotifyWebhook).HasMaxLength(64);
            user.HasOne(u => u.Unit).WithMany().HasForeignKey(u => u.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}

/// <summary>Stores instants in UTC and reads them back as they are.</summary>
internal sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);

/// <summary>Stores instants as their UTC ticks (100 ns since 0001-01-01 UTC) and reads them back in UTC.</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

internal static class JsonColumn
{
    public static ValueConverter<Dictionary<string, string>, string> DictionaryConverter { get; } = new(
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
        v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonSerializerOptions.Default) ?? new Dictionary<string, string>());

    public static ValueComparer<Dictionary<string, string>> DictionaryComparer { get; } = new(
        (a, b) => a != null && b != null && a.Count == b.Count && !a.Except(b).Any(),
        v => v.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key, pair.Value)),
        v => new Dictionary<string, string>(v));
}
