using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Features.Audit;

/// <summary>A checkpoint as it is published and handed back: every field is covered by <see cref="Signature"/>.</summary>
public sealed record CheckpointView(long Sequence, long LastRecordId, long Count, string Hash, DateTimeOffset At, string Signature)
{
    public static CheckpointView Of(TrailCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return new(checkpoint.Sequence, checkpoint.LastRecordId, checkpoint.Count, checkpoint.Hash, checkpoint.At, checkpoint.Signature);
    }

    /// <summary>The one-line form for the log and the monthly report.</summary>
    public string Line => $"trail checkpoint #{Sequence}: {Count} records to #{LastRecordId}, hash {Hash}, at {At.UtcDateTime:O}, signature {Signature}";
}

/// <summary>
/// Makes and checks signed checkpoints of the trail's head. A new checkpoint resumes from the last good stored one (its
/// signature holds and the records up to it still number what it counted) and folds only the records written since.
/// </summary>
public sealed class TrailCheckpoints(SafetyFlowDbContext db, TrailKey key, TimeProvider clock)
{
    internal const int PageSize = 1000;

    private readonly Dictionary<long, int> _counted = [];

    /// <summary>Signs the trail's head as it is now and stores the checkpoint.</summary>
    public async Task<TrailCheckpoint> CreateAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (!db.Database.IsSqlite())
            {
                // Waits for records being written to commit, so none with a lower id can appear after the checkpoint.
                await db.Database.ExecuteSqlRawAsync("LOCK TABLE \"FindingTransitions\" IN SHARE MODE", cancellationToken);
            }

            var from = await LastGoodAsync(long.MaxValue, cancellationToken);
            var (lastRecordId, count, hash) = await FoldAsync(from, long.MaxValue, cancellationToken);
            var sequence = (await db.TrailCheckpoints.MaxAsync(c => (long?)c.Sequence, cancellationToken) ?? 0) + 1;
            var at = clock.GetUtcNow();
            var checkpoint = new TrailCheckpoint
            {
                Sequence = sequence,
                LastRecordId = lastRecordId,
                Count = count,
                Hash = hash,
                At = at,
                Signature = AuditTrail.SignatureOf(key, sequence, lastRecordId, count, hash, at),
            };
            db.TrailCheckpoints.Add(checkpoint);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return checkpoint;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another node signed the same sequence number first: sign again after it.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The latest stored checkpoint when it is less than a day old, else a new one.</summary>
    public async Task<TrailCheckpoint> RecentAsync(CancellationToken cancellationToken)
    {
        var latest = await db.TrailCheckpoints.AsNoTracking().OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(cancellationToken);
        return latest is not null && latest.At > clock.GetUtcNow().AddDays(-1) ? latest : await CreateAsync(cancellationToken);
    }

    public bool IsSigned(CheckpointView checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var expected = AuditTrail.SignatureOf(key, checkpoint.Sequence, checkpoint.LastRecordId, checkpoint.Count, checkpoint.Hash, checkpoint.At);
        return string.Equals(expected, checkpoint.Signature, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// How many records with ids up to <paramref name="lastRecordId"/> are stored now; counted once a request, as a check
    /// asks it of the checkpoint it resumes from and again of the newest stored one, most often the same.
    /// </summary>
    public async Task<int> CountAsync(long lastRecordId, CancellationToken cancellationToken)
    {
        if (!_counted.TryGetValue(lastRecordId, out var count))
        {
            _counted[lastRecordId] = count = checked((int)await RecordsUpTo(db, lastRecordId).SingleAsync(cancellationToken));
        }

        return count;
    }

    /// <summary>
    /// The records up to <paramref name="lastRecordId"/> counted as every record less those after it, in one statement so
    /// both counts see the same records. Counted by their ids, SQLite reads every record up to it, rows and all (0.6 s at
    /// a million findings); all of them it counts from the pages of an index, without the rows (0.15 s), and those after
    /// a checkpoint are few.
    /// </summary>
    internal static IQueryable<long> RecordsUpTo(SafetyFlowDbContext db, long lastRecordId) =>
        db.Database.SqlQuery<long>(
            $"""SELECT (SELECT COUNT(*) FROM "FindingTransitions") - (SELECT COUNT(*) FROM "FindingTransitions" WHERE "Id" > {lastRecordId}) AS "Value" """);

    /// <summary>
    /// The newest stored checkpoint at or before <paramref name="lastRecordId"/> that is signed with the trail key and
    /// whose records still number what it counted; the genesis when there is none.
    /// </summary>
    internal async Task<CheckpointView> LastGoodAsync(long lastRecordId, CancellationToken cancellationToken)
    {
        var stored = await db.TrailCheckpoints.AsNoTracking()
            .Where(c => c.LastRecordId <= lastRecordId)
            .OrderByDescending(c => c.Sequence)
            .Take(20)
            .ToListAsync(cancellationToken);
        foreach (var checkpoint in stored.Select(CheckpointView.Of))
        {
            if (IsSigned(checkpoint) && await CountAsync(checkpoint.LastRecordId, cancellationToken) == checkpoint.Count)
            {
                return checkpoint;
            }
        }

        return Genesis;
    }

    /// <summary>
    /// The newest stored checkpoint that a check found the trail intact up to, when it still holds: it is signed with the
    /// trail key, the records up to it still number what it counted, its last record still hashes to the hash it had
    /// when it was checked, and that check's seal holds. Otherwise none, with what failed when the newest one fails.
    /// </summary>
    internal async Task<(TrailCheckpoint? Verified, BrokenRecord? Broken)> VerifiedAsync(CancellationToken cancellationToken)
    {
        var stored = await db.TrailCheckpoints.AsNoTracking()
            .Where(c => c.VerifiedSeal != null && c.VerifiedAt != null)
            .OrderByDescending(c => c.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            return (null, null);
        }

        var checkpoint = CheckpointView.Of(stored);
        if (!IsSigned(checkpoint))
        {
            return (null, new BrokenRecord(null, checkpoint.LastRecordId, checkpoint.At, TrailReasons.StoredCheckpointUnsigned));
        }

        if (await CountAsync(checkpoint.LastRecordId, cancellationToken) != checkpoint.Count)
        {
            return (null, new BrokenRecord(null, checkpoint.LastRecordId, checkpoint.At, TrailReasons.CountDiffers));
        }

        var last = await db.FindingTransitions.AsNoTracking().FirstOrDefaultAsync(t => t.Id == checkpoint.LastRecordId, cancellationToken);
        var lastHash = last is null ? "" : last.Hash;
        var holds = (last is null || (last.Hash == AuditTrail.HashOf(last) && last.Seal == AuditTrail.SealOf(key, last)))
            && stored.VerifiedSeal == AuditTrail.VerifiedSealOf(key, checkpoint.Signature, stored.VerifiedAt!.Value, lastHash);
        return holds ? (stored, null) : (null, new BrokenRecord(last?.FindingId, checkpoint.LastRecordId, checkpoint.At, TrailReasons.Rebuilt));
    }

    /// <summary>Records that a check begun at <paramref name="checkedAt"/> found every record up to the checkpoint intact.</summary>
    internal async Task MarkVerifiedAsync(TrailCheckpoint checkpoint, DateTimeOffset checkedAt, CancellationToken cancellationToken)
    {
        var lastHash = await db.FindingTransitions.AsNoTracking().Where(t => t.Id == checkpoint.LastRecordId).Select(t => t.Hash).FirstOrDefaultAsync(cancellationToken) ?? "";
        var seal = AuditTrail.VerifiedSealOf(key, checkpoint.Signature, checkedAt, lastHash);
        await db.TrailCheckpoints
            .Where(c => c.Sequence == checkpoint.Sequence)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.VerifiedAt, checkedAt).SetProperty(c => c.VerifiedSeal, seal), cancellationToken);
    }

    /// <summary>Forgets every check that found the trail intact, so the next one starts from the beginning.</summary>
    internal Task WithdrawVerifiedAsync(CancellationToken cancellationToken) =>
        db.TrailCheckpoints
            .Where(c => c.VerifiedSeal != null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.VerifiedAt, (DateTimeOffset?)null).SetProperty(c => c.VerifiedSeal, (string?)null), cancellationToken);

    internal static CheckpointView Genesis { get; } = new(0, 0, 0, AuditTrail.Genesis, DateTimeOffset.UnixEpoch, "");

    /// <summary>Folds the records after <paramref name="from"/> up to <paramref name="lastRecordId"/>, a page at a time.</summary>
    internal async Task<(long LastRecordId, long Count, string Hash)> FoldAsync(CheckpointView from, long lastRecordId, CancellationToken cancellationToken)
    {
        var (last, count, hash) = (from.LastRecordId, from.Count, from.Hash);
        while (true)
        {
            var after = last;
            var page = await db.FindingTransitions.AsNoTracking()
                .Where(t => t.Id > after && t.Id <= lastRecordId)
                .OrderBy(t => t.Id)
                .Select(t => new { t.Id, t.Hash })
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            foreach (var record in page)
            {
                hash = AuditTrail.Fold(hash, record.Hash);
                last = record.Id;
                count++;
            }

            if (page.Count < PageSize)
            {
                return (last, count, hash);
            }
        }
    }
}

/// <summary>
/// Writes a new signed checkpoint to the log and checks the whole trail from the start, which marks the checkpoint
/// verified when the trail is intact: the daily job, and the first start after an upgrade.
/// </summary>
public sealed class TrailCheckpointPublisher(VerifyTrail verify, TrailCheckpoints checkpoints, ILogger<TrailCheckpointPublisher> logger)
{
    public async Task<TrailCheckpoint> PublishAsync(CancellationToken cancellationToken)
    {
        var checkpoint = await checkpoints.CreateAsync(cancellationToken);
        var result = await verify.HandleAsync(new VerifyTrailRequest(null, Full: true), cancellationToken);
        if (result.Value.FirstBroken is { } broken)
        {
            logger.LogError("The trail is broken: {Broken}", JsonSerializer.Serialize(broken, JsonSerializerOptions.Web));
        }

        logger.LogInformation("{Checkpoint} {Json}", CheckpointView.Of(checkpoint).Line, JsonSerializer.Serialize(CheckpointView.Of(checkpoint), JsonSerializerOptions.Web));
        return checkpoint;
    }
}

/// <summary>The admin's download of a new signed checkpoint, to keep outside the database and hand back to verify.</summary>
internal static class TrailCheckpointEndpoint
{
    public static async Task<Ok<CheckpointView>> Handle(TrailCheckpoints checkpoints, HttpContext http, CancellationToken cancellationToken)
    {
        var checkpoint = CheckpointView.Of(await checkpoints.CreateAsync(cancellationToken));
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"trail-checkpoint-{checkpoint.Sequence}.json\"";
        return TypedResults.Ok(checkpoint);
    }
}
