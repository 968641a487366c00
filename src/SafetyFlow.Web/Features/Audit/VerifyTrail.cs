using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Audit;

/// <summary>
/// What to verify: the trail as stored, and, when given, against a checkpoint published earlier; from the start when
/// <paramref name="Full"/>, else after the last checkpoint a check found intact.
/// </summary>
public sealed record VerifyTrailRequest(CheckpointView? Checkpoint, bool Full = false);

internal sealed class VerifyTrailRequestValidator : AbstractValidator<VerifyTrailRequest>
{
    public VerifyTrailRequestValidator()
    {
        When(r => r.Checkpoint is not null, () =>
        {
            RuleFor(r => r.Checkpoint!.Sequence).GreaterThan(0).OverridePropertyName("sequence");
            RuleFor(r => r.Checkpoint!.LastRecordId).GreaterThanOrEqualTo(0).OverridePropertyName("lastRecordId");
            RuleFor(r => r.Checkpoint!.Count).GreaterThanOrEqualTo(0).OverridePropertyName("count");
            RuleFor(r => r.Checkpoint!.Hash).NotNull().Matches("^[0-9a-f]{64}$").WithMessage("Must be 64 lowercase hex digits.").OverridePropertyName("hash");
            RuleFor(r => r.Checkpoint!.Signature).NotNull().Matches("^[0-9a-f]{64}$").WithMessage("Must be 64 lowercase hex digits.").OverridePropertyName("signature");
        });
    }
}

/// <summary>
/// Whether the trail is intact; <see cref="FirstBroken"/> names the earliest record that fails a check. <see cref="Head"/>
/// is the hash of the latest record.
/// </summary>
public sealed record TrailVerification(bool Ok, int Checked, string? Head, BrokenRecord? FirstBroken);

/// <summary>
/// What fails a check: a history record (<see cref="TransitionId"/>), a finding with no record, an inspection
/// (<see cref="InspectionId"/>), or a checkpoint (its last record in <see cref="TransitionId"/>).
/// </summary>
public sealed record BrokenRecord(Guid? FindingId, long? TransitionId, DateTimeOffset? At, string Reason, Guid? InspectionId = null);

/// <summary>
/// Recomputes the trail a page at a time (<see cref="AuditOptions.VerifyPageSize"/> findings with their records, then
/// inspections with their answers, each page read after the last id of the one before), never holding more than one
/// page: each record's hash and keyed seal, its link to the record before it, each finding's seal over its stored fields
/// and latest record, each inspection's seal over its answers, and the newest stored checkpoint's count. Given a
/// checkpoint, also checks its signature and that the records up to it fold to its hash, which shows a trail rebuilt
/// from the start.
/// <para>
/// Unless asked for a full check, it resumes after the newest stored checkpoint that a check found intact, when that
/// still holds (<see cref="TrailCheckpoints.VerifiedAsync"/>): it checks the records written after it with their
/// findings' whole histories and seals, the inspections created or submitted since that check, and records whose
/// finding is gone among the new ones. A check that finds the trail intact marks the newest checkpoint stored when it
/// began as verified. What was stored before the checkpoint and changed in place since is found only by a full check,
/// which the daily job runs.
/// </para>
/// </summary>
public sealed class VerifyTrail(
    SafetyFlowDbContext db,
    TrailKey key,
    TrailCheckpoints checkpoints,
    TrailCheckLog log,
    IValidator<VerifyTrailRequest> validator,
    IOptions<AuditOptions> options,
    TimeProvider clock)
{
    /// <summary>
    /// How long before the last check began an inspection may have been stamped and still have committed after it read:
    /// a resumed check reads inspections created or submitted from this long before.
    /// </summary>
    internal static readonly TimeSpan InFlight = TimeSpan.FromHours(1);

    /// <summary>The default page, also the one the first start after an upgrade seals the trail in.</summary>
    internal const int PageSize = 500;

    private readonly int _pageSize = options.Value.VerifyPageSize;

    public async Task<Result<TrailVerification>> HandleAsync(VerifyTrailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var startedAt = clock.GetUtcNow();
        var newest = await db.TrailCheckpoints.AsNoTracking().OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(cancellationToken);
        var broken = new EarliestBroken();
        TrailCheckpoint? from = null;
        BrokenRecord? markBroken = null;
        if (!request.Full)
        {
            (from, markBroken) = await checkpoints.VerifiedAsync(cancellationToken);
        }

        var afterRecord = from?.LastRecordId ?? 0;
        var checkedRecords = from is null ? await CheckFindingsAsync(broken, cancellationToken) : await CheckFindingsAfterAsync(afterRecord, broken, cancellationToken);
        if (markBroken is not null)
        {
            // After the records: a record that fails at the checkpoint's own position names what happened more exactly.
            broken.Add(markBroken);
        }

        checkedRecords += await CheckOrphansAsync(afterRecord, broken, cancellationToken);
        await CheckInspectionsAsync(from?.VerifiedAt - InFlight, broken, cancellationToken);
        await CheckStoredCheckpointAsync(broken, cancellationToken);
        var first = broken.First;
        if (request.Checkpoint is { } given && await CheckGivenAsync(given, cancellationToken) is { } checkpointBroken)
        {
            first = checkpointBroken;
        }

        if (first is null && newest is not null && newest.Sequence != from?.Sequence)
        {
            await checkpoints.MarkVerifiedAsync(newest, startedAt, cancellationToken);
        }
        else if (request.Full && broken.First is not null)
        {
            // What a full check found broken stays reported: every check after it starts from the beginning again.
            await checkpoints.WithdrawVerifiedAsync(cancellationToken);
        }

        var head = await db.FindingTransitions.AsNoTracking().OrderByDescending(t => t.Id).Select(t => t.Hash).FirstOrDefaultAsync(cancellationToken);
        var verification = new TrailVerification(first is null, checkedRecords, head, first);
        if (from is null && request.Checkpoint is null)
        {
            await log.RecordAsync(new FullCheckOutcome(startedAt, clock.GetUtcNow(), verification), cancellationToken);
        }

        return verification;
    }

    /// <summary>
    /// Whether the default check would be quick enough to run as a page opens: it resumes from a checkpoint found
    /// intact, or the trail holds at most <see cref="AuditOptions.PageCheckRecords"/> records. The number of records is
    /// read from the newest record's id, which they are numbered by.
    /// </summary>
    public async Task<(bool Quick, long Records)> QuickAsync(CancellationToken cancellationToken)
    {
        var records = await db.FindingTransitions.MaxAsync(t => (long?)t.Id, cancellationToken) ?? 0;
        var quick = records <= options.Value.PageCheckRecords || (await checkpoints.VerifiedAsync(cancellationToken)).Verified is not null;
        return (quick, records);
    }

    /// <summary>Every finding, a page at a time in order of id; returns how many records they have.</summary>
    private async Task<int> CheckFindingsAsync(EarliestBroken broken, CancellationToken cancellationToken)
    {
        var checkedRecords = 0;
        Guid? after = null;
        while (true)
        {
            var page = db.Findings.AsNoTracking();
            if (after is { } last)
            {
                page = page.Where(f => f.Id.CompareTo(last) > 0);
            }

            var findings = await page.OrderBy(f => f.Id).Take(_pageSize).ToListAsync(cancellationToken);
            if (findings.Count == 0)
            {
                return checkedRecords;
            }

            checkedRecords += await CheckPageAsync(findings, 0, broken, cancellationToken);
            if (findings.Count < _pageSize)
            {
                return checkedRecords;
            }

            after = findings[^1].Id;
        }
    }

    /// <summary>
    /// The findings with a record after <paramref name="afterRecord"/>, a page at a time, each with its whole history;
    /// returns how many records after it they have.
    /// </summary>
    private async Task<int> CheckFindingsAfterAsync(long afterRecord, EarliestBroken broken, CancellationToken cancellationToken)
    {
        var touched = (await FindingsOfRecordsAfter(db, afterRecord).ToListAsync(cancellationToken)).Distinct().ToList();
        touched.Sort();
        var checkedRecords = 0;
        foreach (var ids in touched.Chunk(_pageSize))
        {
            var findings = await db.Findings.AsNoTracking().Where(f => ids.Contains(f.Id)).OrderBy(f => f.Id).ToListAsync(cancellationToken);
            checkedRecords += await CheckPageAsync(findings, afterRecord, broken, cancellationToken);
        }

        return checkedRecords;
    }

    /// <summary>
    /// The finding of each record after <paramref name="afterRecord"/>, read through the records' primary key and made
    /// distinct by the caller: asked for distinct findings, SQLite reads the whole (finding, id) index instead, every
    /// record of the trail, however few came after the checkpoint.
    /// </summary>
    internal static IQueryable<Guid> FindingsOfRecordsAfter(SafetyFlowDbContext db, long afterRecord) =>
        db.FindingTransitions.AsNoTracking().Where(t => t.Id > afterRecord).Select(t => t.FindingId);

    /// <summary>Checks a page of findings with their records; returns how many of those records come after <paramref name="afterRecord"/>.</summary>
    private async Task<int> CheckPageAsync(List<Finding> findings, long afterRecord, EarliestBroken broken, CancellationToken cancellationToken)
    {
        var ids = findings.Select(f => f.Id).ToList();
        var records = (await db.FindingTransitions.AsNoTracking().Where(t => ids.Contains(t.FindingId)).OrderBy(t => t.Id).ToListAsync(cancellationToken))
            .ToLookup(t => t.FindingId);
        var followed = await FollowedAsync(records.Select(r => r.First().PreviousHash), cancellationToken);
        var checkedRecords = 0;
        foreach (var finding in findings)
        {
            List<FindingTransition> history = [.. records[finding.Id]];
            CheckFinding(finding, history, followed, broken);
            checkedRecords += history.Count(r => r.Id > afterRecord);
        }

        db.ChangeTracker.Clear();
        return checkedRecords;
    }

    /// <summary>Checks one finding's records in order and its seal.</summary>
    private void CheckFinding(Finding finding, List<FindingTransition> history, Dictionary<string, long> followed, EarliestBroken broken)
    {
        if (history.Count == 0)
        {
            broken.Add(new BrokenRecord(finding.Id, null, null, TrailReasons.NoRecords));
            return;
        }

        FindingTransition? previous = null;
        foreach (var record in history)
        {
            if (RecordReason(record, previous, followed) is { } reason)
            {
                broken.Add(new BrokenRecord(record.FindingId, record.Id, record.At, reason));
            }

            previous = record;
        }

        var latest = history[^1];
        if (finding.Seal != AuditTrail.SealOf(key, finding, finding.TrailHead))
        {
            broken.Add(new BrokenRecord(finding.Id, latest.Id, latest.At, TrailReasons.FindingChanged));
        }
        else if (finding.TrailHead != latest.Hash)
        {
            broken.Add(new BrokenRecord(finding.Id, latest.Id, latest.At, TrailReasons.LatestRemoved));
        }
    }

    /// <summary>The first records (hash to id) that the first records of this page's findings follow, in one query.</summary>
    private async Task<Dictionary<string, long>> FollowedAsync(IEnumerable<string> previousHashes, CancellationToken cancellationToken)
    {
        var hashes = previousHashes.Where(h => h != AuditTrail.Genesis).Distinct().ToList();
        var found = await RecordsHashed(db, hashes).ToListAsync(cancellationToken);
        return found.Where(f => f.IsFirst).GroupBy(f => f.Hash).ToDictionary(g => g.Key, g => g.Min(f => f.Id), StringComparer.Ordinal);
    }

    /// <summary>
    /// The records with these hashes, through the index on the hash; whether each is a finding's first record is read
    /// with it, not asked in the query: asked there, SQLite walks the index of first records instead, every first record
    /// of the trail for each page (a million at a million findings), and a full check grows with the square of the trail.
    /// </summary>
    internal static IQueryable<HashedRecord> RecordsHashed(SafetyFlowDbContext db, List<string> hashes) =>
        db.FindingTransitions.AsNoTracking()
            .Where(t => hashes.Contains(t.Hash))
            .Select(t => new HashedRecord(t.Hash, t.Id, t.From == ""));

    internal sealed record HashedRecord(string Hash, long Id, bool IsFirst);

    private string? RecordReason(FindingTransition record, FindingTransition? previous, Dictionary<string, long> followed)
    {
        if (record.Hash != AuditTrail.HashOf(record))
        {
            return TrailReasons.Content;
        }

        if (record.Seal != AuditTrail.SealOf(key, record))
        {
            return TrailReasons.Seal;
        }

        if (previous is null)
        {
            // A finding's first record follows the first record of a finding raised before it; if that finding was
            // removed, the hash it follows is nowhere to be found.
            return record.PreviousHash == AuditTrail.Genesis || (followed.TryGetValue(record.PreviousHash, out var id) && id < record.Id)
                ? null
                : TrailReasons.FollowsRemoved;
        }

        return record.PreviousHash == previous.Hash ? null : TrailReasons.Chain;
    }

    /// <summary>Records after <paramref name="afterRecord"/> whose finding is gone; they are counted as checked.</summary>
    private async Task<int> CheckOrphansAsync(long afterRecord, EarliestBroken broken, CancellationToken cancellationToken)
    {
        var orphans = db.FindingTransitions.AsNoTracking().Where(t => t.Id > afterRecord && !db.Findings.Any(f => f.Id == t.FindingId));
        var count = await orphans.CountAsync(cancellationToken);
        if (count > 0)
        {
            var first = await orphans.OrderBy(t => t.Id).FirstAsync(cancellationToken);
            broken.Add(new BrokenRecord(first.FindingId, first.Id, first.At, TrailReasons.FindingMissing));
        }

        return count;
    }

    /// <summary>Every inspection, or those created or submitted from <paramref name="since"/>, with their answers.</summary>
    private async Task CheckInspectionsAsync(DateTimeOffset? since, EarliestBroken broken, CancellationToken cancellationToken)
    {
        if (since is { } changedFrom)
        {
            // A week's inspections since a daily checkpoint: their keys are few, and each page is read by key.
            var changed = await InspectionsChangedSince(db, changedFrom).ToListAsync(cancellationToken);
            foreach (var ids in changed.Distinct().Chunk(_pageSize))
            {
                await CheckInspectionPageAsync(await db.Inspections.AsNoTracking().Where(i => ids.Contains(i.Id)).ToListAsync(cancellationToken), broken, cancellationToken);
            }

            return;
        }

        Guid? after = null;
        while (true)
        {
            var page = db.Inspections.AsNoTracking();
            if (after is { } last)
            {
                page = page.Where(i => i.Id.CompareTo(last) > 0);
            }

            var inspections = await page.OrderBy(i => i.Id).Take(_pageSize).ToListAsync(cancellationToken);
            await CheckInspectionPageAsync(inspections, broken, cancellationToken);
            if (inspections.Count < _pageSize)
            {
                return;
            }

            after = inspections[^1].Id;
        }
    }

    /// <summary>
    /// The keys of the inspections created or submitted from <paramref name="since"/>, an inspection created and submitted
    /// since twice: each condition read through its own index, where "created or submitted" in one condition, or a
    /// UNION (merged in key order), has the databases walk every inspection.
    /// </summary>
    internal static IQueryable<Guid> InspectionsChangedSince(SafetyFlowDbContext db, DateTimeOffset since) =>
        db.Inspections.Where(i => i.CreatedAt >= since).Select(i => i.Id)
            .Concat(db.Inspections.Where(i => i.SubmittedAt >= since).Select(i => i.Id));

    private async Task CheckInspectionPageAsync(List<Inspection> inspections, EarliestBroken broken, CancellationToken cancellationToken)
    {
        var ids = inspections.Select(i => i.Id).ToList();
        var answers = (await db.InspectionResults.AsNoTracking().Where(r => ids.Contains(r.InspectionId)).ToListAsync(cancellationToken))
            .ToLookup(r => r.InspectionId);
        foreach (var inspection in inspections.Where(i => i.Seal != AuditTrail.SealOf(key, i, answers[i.Id])))
        {
            broken.Add(new BrokenRecord(null, null, inspection.SubmittedAt ?? inspection.CreatedAt, TrailReasons.Answers, inspection.Id));
        }

        db.ChangeTracker.Clear();
    }

    /// <summary>The newest stored checkpoint must be signed with the trail key, and the records up to it must number what it counted.</summary>
    private async Task CheckStoredCheckpointAsync(EarliestBroken broken, CancellationToken cancellationToken)
    {
        var stored = await db.TrailCheckpoints.AsNoTracking().OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            return;
        }

        var checkpoint = CheckpointView.Of(stored);
        if (!checkpoints.IsSigned(checkpoint))
        {
            broken.Add(new BrokenRecord(null, checkpoint.LastRecordId, checkpoint.At, TrailReasons.StoredCheckpointUnsigned));
        }
        else if (await checkpoints.CountAsync(checkpoint.LastRecordId, cancellationToken) != checkpoint.Count)
        {
            broken.Add(new BrokenRecord(null, checkpoint.LastRecordId, checkpoint.At, TrailReasons.CountDiffers));
        }
    }

    /// <summary>A checkpoint handed back: signed with this trail key, the same number of records up to it, and the same fold of their hashes.</summary>
    private async Task<BrokenRecord?> CheckGivenAsync(CheckpointView given, CancellationToken cancellationToken)
    {
        if (!checkpoints.IsSigned(given))
        {
            return new BrokenRecord(null, given.LastRecordId, given.At, TrailReasons.CheckpointUnsigned);
        }

        if (await checkpoints.CountAsync(given.LastRecordId, cancellationToken) != given.Count)
        {
            return new BrokenRecord(null, given.LastRecordId, given.At, TrailReasons.CountDiffers);
        }

        // From the start: a stored checkpoint vouches only for what was stored when it was signed.
        var (_, _, hash) = await checkpoints.FoldAsync(TrailCheckpoints.Genesis, given.LastRecordId, cancellationToken);
        return hash == given.Hash ? null : new BrokenRecord(null, given.LastRecordId, given.At, TrailReasons.Rebuilt);
    }
}

/// <summary>
/// The earliest failure seen so far, by record id (failures without one after every record), the first seen winning a
/// tie: what ordering every failure would give, without keeping them.
/// </summary>
internal sealed class EarliestBroken
{
    public BrokenRecord? First { get; private set; }

    public void Add(BrokenRecord broken)
    {
        if (First is null || Order(broken) < Order(First))
        {
            First = broken;
        }
    }

    private static long Order(BrokenRecord broken) => broken.TransitionId ?? long.MaxValue;
}

/// <summary>The reasons the check gives, in English; the admin's page shows them in the reader's language.</summary>
public static class TrailReasons
{
    public const string NoRecords = "the finding has no history records";
    public const string FindingChanged = "the finding's stored fields differ from those its latest record was sealed with";
    public const string LatestRemoved = "the finding was sealed after a record that is no longer stored: its latest record was removed";
    public const string FindingMissing = "the record's finding is missing";
    public const string Content = "the record's content does not match its hash";
    public const string Seal = "the record's seal does not match: it was not written with this installation's trail key";
    public const string FollowsRemoved = "the record follows a finding that is no longer stored";
    public const string Chain = "the record does not follow the finding's previous record (one was changed or removed)";
    public const string Answers = "the inspection's answers or fields differ from those it was sealed with";
    public const string StoredCheckpointUnsigned = "the stored checkpoint is not signed with this installation's trail key";
    public const string CheckpointUnsigned = "the checkpoint is not signed with this installation's trail key: the keys were replaced since, or it is not genuine";
    public const string CountDiffers = "records were removed from or added to the trail up to the checkpoint: it counted a different number";
    public const string Rebuilt = "the records up to the checkpoint are not those it was signed for: the trail was rebuilt";
}

/// <summary>The endpoints over <see cref="VerifyTrail"/>.</summary>
internal static class VerifyTrailEndpoint
{
    public static async Task<Results<Ok<TrailVerification>, FailureHttpResult>> Get(VerifyTrail verify, CancellationToken cancellationToken, bool? full = null) =>
        (await verify.HandleAsync(new VerifyTrailRequest(null, full ?? false), cancellationToken)).ToHttp(v => TypedResults.Ok(v));

    public static async Task<Results<Ok<TrailVerification>, FailureHttpResult>> Post(CheckpointView checkpoint, VerifyTrail verify, CancellationToken cancellationToken, bool? full = null) =>
        (await verify.HandleAsync(new VerifyTrailRequest(checkpoint, full ?? false), cancellationToken)).ToHttp(v => TypedResults.Ok(v));
}

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.SafetyOfficeOrAdmin);
        group.MapGet("/verify", VerifyTrailEndpoint.Get)
            .WithName("VerifyTrail")
            .WithSummary("Recomputes the sealed trail after the last checkpoint found intact (with full=true, of every finding and inspection) and names the first record that fails.");
        group.MapPost("/verify", VerifyTrailEndpoint.Post)
            .WithName("VerifyTrailAgainstCheckpoint")
            .WithSummary("Verifies the trail and that it is still the one a checkpoint published earlier was signed for.")
            .ProducesValidationProblem();
        group.MapGet("/checkpoint", TrailCheckpointEndpoint.Handle)
            .RequireAuthorization(Policies.Admin)
            .WithName("DownloadTrailCheckpoint")
            .WithSummary("Signs the trail's head as it is now; keep the file outside the database and hand it back to POST /api/audit/verify.");
        return app;
    }

    /// <summary>The trail's use cases and jobs.</summary>
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddValidatedOptions<AuditOptions, AuditOptionsValidator>(AuditOptions.Section);
        builder.Services.AddScoped<VerifyTrail>();
        builder.Services.AddScoped<TrailCheckpoints>();
        builder.Services.AddScoped<TrailCheckLog>();
        builder.Services.AddScoped<TrailCheckpointPublisher>();
        builder.Services.AddScoped<TrailUpgrade>();
        builder.Services.AddScoped<Jobs.TrailCheckpointJob>();
        return builder;
    }
}
