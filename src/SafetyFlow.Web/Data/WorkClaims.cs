using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Data;

/// <summary>
/// One run's hold on one item of a work queue (a finding whose step is due, an outbox row to plan, a delivery to send):
/// while it lasts, other sweeps and drains, on this node or another, pass the item by. It lasts until <see cref="Until"/>
/// on the real clock, so the items of a node that dies holding them are taken over once
/// <c>SafetyFlow:Jobs:ClaimTimeout</c> has passed (decision 016).
/// </summary>
public sealed class WorkClaim
{
    /// <summary>One of <see cref="WorkQueues"/>.</summary>
    public required string Queue { get; init; }

    /// <summary>The finding, outbox row or delivery held.</summary>
    public Guid ItemId { get; init; }

    /// <summary>The run holding it: every sweep or drain run claims under a new id.</summary>
    public Guid Holder { get; init; }

    /// <summary>When the hold runs out, on the real clock.</summary>
    public DateTimeOffset Until { get; init; }
}

/// <summary>The queues whose items are claimed before they are worked.</summary>
public static class WorkQueues
{
    public const string Escalation = "escalation";

    public const string Outbox = "outbox";

    public const string Delivery = "delivery";
}

/// <summary>
/// Claims items of a work queue for one run, so that runs on several nodes split the due work instead of reading the
/// same batch and racing over each row. A claim only shares the work out: what makes each ladder step fire once and each
/// message go once is still the version check on the finding and the claim token on the delivery, which hold when a
/// claim ran out under a live but slow run.
/// </summary>
public sealed class WorkClaims(IOptions<JobOptions> options)
{
    /// <summary>How many times an empty claim is made while candidates remain (each lost race means another run got a batch).</summary>
    private const int ClaimAttempts = 5;

    /// <summary>
    /// Claims hold for a real length of time whatever the simulation clock does: they say whether a run is still alive,
    /// as sign-in lifetimes do (decision 003), and moving the clock by days must not free the rows of a run at work.
    /// </summary>
    public static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    /// <summary>Whether an item of <paramref name="queue"/> is held now; for the due queries, which pass held items by.</summary>
    public static IQueryable<WorkClaim> Live(SafetyFlowDbContext db, string queue, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.WorkClaims.Where(c => c.Queue == queue && c.Until > now);
    }

    /// <summary>
    /// Claims for <paramref name="holder"/> the items <paramref name="candidates"/> lists (their ids, as a column named
    /// <c>Id</c>: a batch of due items nobody holds) and returns the ids it got, in no particular order. One statement
    /// inserts the claims, and a claim already there is taken only when it has run out. On SQLite writers take turns, so
    /// of two runs claiming at once each item goes to one; on PostgreSQL the candidates are read
    /// <c>FOR NO KEY UPDATE SKIP LOCKED</c>, so a run claiming at the same moment passes over the rows being claimed and
    /// takes the next ones. A PostgreSQL statement still reads the claims as they were when it began: when another run
    /// claimed the same candidates just before, the key refuses every one and the statement gets nothing although
    /// unclaimed items remain past them. An empty claim is therefore made again, a few times at most, while candidates
    /// remain: the new statement reads the other run's claims and passes those items by. An empty list means the queue
    /// has nothing left that nobody holds.
    /// </summary>
    public async Task<List<Guid>> ClaimAsync(SafetyFlowDbContext db, string queue, IQueryable<Guid> candidates, Guid holder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(candidates);
        for (var attempt = 1; ; attempt++)
        {
            var claimed = await ClaimOnceAsync(db, queue, candidates, holder, cancellationToken);
            if (claimed.Count > 0 || attempt == ClaimAttempts || !await candidates.AnyAsync(cancellationToken))
            {
                return claimed;
            }
        }
    }

    private async Task<List<Guid>> ClaimOnceAsync(SafetyFlowDbContext db, string queue, IQueryable<Guid> candidates, Guid holder, CancellationToken cancellationToken)
    {
        var claim = db.Model.FindEntityType(typeof(WorkClaim))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(claim.FindProperty(property)!.GetColumnName());
        var table = sql.DelimitIdentifier(claim.GetTableName()!);
        var (queueColumn, itemColumn, holderColumn, untilColumn) =
            (Column(nameof(WorkClaim.Queue)), Column(nameof(WorkClaim.ItemId)), Column(nameof(WorkClaim.Holder)), Column(nameof(WorkClaim.Until)));

        var now = Now;
        await using var command = candidates.CreateDbCommand();
        var skipLocked = db.Database.IsNpgsql() ? " FOR NO KEY UPDATE SKIP LOCKED" : "";
        command.CommandText = $"""
            INSERT INTO {table} ({queueColumn}, {itemColumn}, {holderColumn}, {untilColumn})
            SELECT @claim_queue, candidate.{sql.DelimitIdentifier("Id")}, @claim_holder, @claim_until
            FROM ({command.CommandText}{skipLocked}) AS candidate
            WHERE TRUE
            ON CONFLICT ({queueColumn}, {itemColumn}) DO UPDATE SET {holderColumn} = excluded.{holderColumn}, {untilColumn} = excluded.{untilColumn}
            WHERE {table}.{untilColumn} <= @claim_now
            RETURNING {itemColumn}
            """;

        // The values go through the model's mappings, so they are stored as EF stores them (UTC ticks on SQLite).
        void Add(string name, string property, object value) =>
            command.Parameters.Add(claim.FindProperty(property)!.GetRelationalTypeMapping().CreateParameter(command, name, value, nullable: false));
        Add("@claim_queue", nameof(WorkClaim.Queue), queue);
        Add("@claim_holder", nameof(WorkClaim.Holder), holder);
        Add("@claim_until", nameof(WorkClaim.Until), now + options.Value.ClaimTimeout);
        Add("@claim_now", nameof(WorkClaim.Until), now);

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await ReadIdsAsync(command, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Lets go of everything <paramref name="holder"/> claimed in <paramref name="queue"/>, and of claims there that ran
    /// out long ago (left by a run that died, on items no longer due). Failing to let go only delays the items until
    /// their claims run out, so it never fails the run.
    /// </summary>
    public async Task ReleaseAsync(SafetyFlowDbContext db, string queue, Guid holder, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(db);
        var longAgo = Now - options.Value.ClaimTimeout;
        try
        {
            await db.WorkClaims.Where(c => c.Queue == queue && (c.Holder == holder || c.Until <= longAgo)).ExecuteDeleteAsync();
        }
        catch (DbException e)
        {
            logger.LogWarning(e, "Claims in {Queue} were not let go; they run out by themselves", queue);
        }
    }

    private static async Task<List<Guid>> ReadIdsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
