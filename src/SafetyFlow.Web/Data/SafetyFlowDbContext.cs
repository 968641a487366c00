using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
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

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<StoredWorkflowDefinition> WorkflowDefinitions => Set<StoredWorkflowDefinition>();

    public DbSet<SystemSetting> SystemSettings => Set<SystemSetting>();

    public DbSet<ZoneRating> ZoneRatings => Set<ZoneRating>();

    public DbSet<Photo> Photos => Set<Photo>();

    /// <summary>Ladder steps that failed to fire, waiting to be tried again.</summary>
    public DbSet<EscalationFailure> EscalationFailures => Set<EscalationFailure>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseHistoryRewrites();
        SealTrailAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseHistoryRewrites();
        await SealTrailAsync(async: true, cancellationToken);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
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

    /// <summary>
    /// Seals every new history record into the trail here, on the one path all writers (API, sweep, jobs) go through.
    /// A finding's records chain one after another; its first record chains to the first record of the finding raised
    /// before it, so that a whole finding removed behind the app's back is noticed too. Two writers cannot fork one
    /// finding's chain: the finding's version check lets only one of them save.
    /// </summary>
    private async Task SealTrailAsync(bool async, CancellationToken cancellationToken)
    {
        var added = ChangeTracker.Entries<FindingTransition>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .ToList();
        string? lastFirstRecord = null;
        foreach (var records in added.GroupBy(r => r.FindingId))
        {
            var finding = ChangeTracker.Entries<Finding>().SingleOrDefault(e => e.Entity.Id == records.Key)?.Entity
                ?? throw new InvalidOperationException("A history record can only be added through its finding.");
            var digest = AuditTrail.Digest(finding);
            string previous;
            if (Entry(finding).State == EntityState.Added)
            {
                if (lastFirstRecord is null)
                {
                    var firsts = FindingTransitions.AsNoTracking().Where(t => t.From == "").OrderByDescending(t => t.Id).Select(t => t.Hash);
                    lastFirstRecord = (async ? await firsts.FirstOrDefaultAsync(cancellationToken) : firsts.FirstOrDefault()) ?? AuditTrail.Genesis;
                }

                previous = lastFirstRecord;
            }
            else
            {
                var last = FindingTransitions.AsNoTracking().Where(t => t.FindingId == records.Key).OrderByDescending(t => t.Id).Select(t => t.Hash);
                previous = (async ? await last.FirstOrDefaultAsync(cancellationToken) : last.FirstOrDefault()) ?? AuditTrail.Genesis;
            }

            foreach (var record in finding.History.Where(records.Contains))
            {
                record.Seal(previous, digest);
                previous = record.Hash;
                if (record.From.Length == 0)
                {
                    lastFirstRecord = record.Hash;
                }
            }
        }
    }

    private void RefuseHistoryRewrites()
    {
        if (ChangeTracker.Entries<FindingTransition>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("A finding's history is append-only.");
        }
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
