using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SafetyFlow.Web.Domain;

/// <summary>
/// The tamper-evident trail. Every history record holds the hash of its own content, of the finding's state after the
/// change and of the record before it, and a seal: an HMAC of that hash with the trail key, which never enters the
/// database. Each finding is sealed with its whole stored state and the hash of its latest record, each inspection with
/// its answers. Without the key, nobody can write a record, a finding or an answer that <c>GET /api/audit/verify</c> accepts.
/// </summary>
public static class AuditTrail
{
    /// <summary>What the first finding's first record follows, and where a checkpoint's running hash starts.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>
    /// Hex SHA-256 of every stored field of the finding: what a person or the runtime changes (state, owner, fixer, fix
    /// note, acceptance, rejections, five fixes, extension requests, escalation level and timer, version) and what is
    /// fixed when it is raised (zone, unit, asset, item, category, severity, reading, note, raiser, repeat link).
    /// </summary>
    public static string Digest(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var plan = finding.FiveFixes;
        var extension = finding.PendingExtension;
        return Sha256(
            "finding/2",
            Id(finding.Id),
            Id(finding.InspectionId),
            Id(finding.ZoneId),
            Id(finding.UnitId),
            Id(finding.AssetId),
            finding.WorkflowId,
            finding.ItemId,
            finding.Category,
            finding.Severity.ToString(),
            finding.State,
            finding.LifecycleHash,
            Id(finding.OwnerId),
            Id(finding.RaisedById),
            Instant(finding.RaisedAt),
            Instant(finding.DueAt),
            Number(finding.Value),
            finding.Note ?? "",
            finding.FixedOnSpot ? "1" : "0",
            Id(finding.FixedById),
            Instant(finding.FixSubmittedAt),
            finding.FixNote ?? "",
            Instant(finding.ClosedAt),
            Id(finding.ClosedById),
            Number(finding.Rejections),
            plan is null ? "" : "plan",
            plan?.Measures ?? "",
            plan?.Funds ?? "",
            plan?.ResponsiblePerson ?? "",
            Instant(plan?.Deadline),
            plan?.ContingencyPlan ?? "",
            Instant(plan?.RecordedAt),
            Number(finding.ExtensionRequests),
            extension is null ? "" : "extension",
            Instant(extension?.DueAt),
            extension?.Reason ?? "",
            Id(extension?.RequestedById),
            Instant(extension?.RequestedAt),
            Number(finding.EscalationLevel),
            finding.Supervised ? "1" : "0",
            Number(finding.NextStepIndex),
            Instant(finding.NextStepAt),
            Id(finding.RepeatOfId),
            Number(finding.Version));
    }

    /// <summary>
    /// The digest records were sealed with before the trail was keyed (fewer fields); read only to check such records
    /// once, when an upgraded database is sealed with the trail key.
    /// </summary>
    public static string LegacyDigest(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var plan = finding.FiveFixes;
        return Sha256(
            "finding",
            finding.Id.ToString("D"),
            finding.ZoneId.ToString("D"),
            Id(finding.AssetId),
            finding.ItemId,
            finding.Severity.ToString(),
            finding.State,
            finding.OwnerId.ToString("D"),
            Instant(finding.RaisedAt),
            Instant(finding.DueAt),
            Instant(finding.FixSubmittedAt),
            Instant(finding.ClosedAt),
            finding.Rejections.ToString(CultureInfo.InvariantCulture),
            finding.EscalationLevel.ToString(CultureInfo.InvariantCulture),
            finding.Supervised ? "1" : "0",
            finding.RepeatOfId?.ToString("D") ?? "",
            plan?.Measures ?? "",
            plan?.Funds ?? "",
            plan?.ResponsiblePerson ?? "",
            Instant(plan?.Deadline),
            plan?.ContingencyPlan ?? "");
    }

    /// <summary>Hex SHA-256 of an inspection and every answer given in it, answers in asset and item order.</summary>
    public static string Digest(Inspection inspection, IEnumerable<InspectionResult> answers)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(answers);
        var fields = new List<string>
        {
            "inspection/1",
            Id(inspection.Id),
            inspection.WorkflowId,
            inspection.WorkflowHash,
            Id(inspection.ZoneId),
            inspection.Week,
            Instant(inspection.VisitWindowStart),
            Instant(inspection.VisitWindowEnd),
            Instant(inspection.DueAt),
            Instant(inspection.CreatedAt),
            Instant(inspection.SubmittedAt),
            Id(inspection.SubmittedById),
            Number(inspection.Version),
        };
        if (inspection.CompletedAt is { } completed)
        {
            // Only present on submissions that carry the phone's time, so the seals of earlier inspections stay as they were.
            fields.Add("completed");
            fields.Add(Instant(completed));
        }

        var ordered = answers
            .OrderBy(a => Id(a.AssetId), StringComparer.Ordinal)
            .ThenBy(a => a.ItemId, StringComparer.Ordinal)
            .ToList();
        fields.Add(Number(ordered.Count));
        foreach (var answer in ordered)
        {
            fields.AddRange([Id(answer.AssetId), answer.ItemId, answer.Outcome.ToString(), Number(answer.Value), answer.Note ?? ""]);
        }

        return Sha256([.. fields]);
    }

    /// <summary>The running hash of the records in the order written, one record further.</summary>
    public static string Fold(string running, string recordHash) => Sha256("fold", running, recordHash);

    /// <summary>Keyed seal of a history record's hash.</summary>
    public static string SealOf(TrailKey key, FindingTransition record)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(record);
        return key.Mac("record", record.Hash);
    }

    /// <summary>Keyed seal of a finding's stored state, bound to the hash of its latest record.</summary>
    public static string SealOf(TrailKey key, Finding finding, string latestRecordHash)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Mac("finding", Digest(finding), latestRecordHash);
    }

    /// <summary>Keyed seal of an inspection and its answers.</summary>
    public static string SealOf(TrailKey key, Inspection inspection, IEnumerable<InspectionResult> answers)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Mac("inspection", Digest(inspection, answers));
    }

    /// <summary>Keyed signature of a checkpoint's fields.</summary>
    public static string SignatureOf(TrailKey key, long sequence, long lastRecordId, long count, string hash, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Mac("checkpoint", Number(sequence), Number(lastRecordId), Number(count), hash, Instant(at));
    }

    /// <summary>
    /// Keyed seal stating that a check found every record up to a checkpoint intact: bound to the checkpoint's signature,
    /// when that check began, and the hash of the checkpoint's last record.
    /// </summary>
    public static string VerifiedSealOf(TrailKey key, string checkpointSignature, DateTimeOffset verifiedAt, string lastRecordHash)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Mac("verified", checkpointSignature, Instant(verifiedAt), lastRecordHash);
    }

    /// <summary>Hex SHA-256 of a record's content with its digest and previous hash.</summary>
    public static string HashOf(FindingTransition record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Sha256(
            "transition",
            record.PreviousHash,
            record.FindingId.ToString("D"),
            Instant(record.At),
            record.ActorId?.ToString("D") ?? "",
            record.ActorName,
            record.Action,
            record.From,
            record.To,
            record.Note ?? "",
            record.FindingDigest);
    }

    // Microseconds since the epoch, in UTC: PostgreSQL keeps no finer precision, and the offset is presentation only.
    private static string Instant(DateTimeOffset? value) =>
        value is { } v ? ((v.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToString(CultureInfo.InvariantCulture) : "";

    private static string Id(Guid? value) => value?.ToString("D") ?? "";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    // Readings are stored with four decimals; trailing zeros are dropped, so 45.5 and 45.50 hash alike, as they read back alike.
    private static string Number(decimal? value) =>
        value is { } v ? Math.Round(v, 4, MidpointRounding.AwayFromZero).ToString("0.############################", CultureInfo.InvariantCulture) : "";

    private static string Sha256(params string[] fields) => Convert.ToHexStringLower(SHA256.HashData(Encode(fields)));

    // Each field is prefixed with its length, so that moving text from one field to the next changes the hash.
    internal static byte[] Encode(string[] fields)
    {
        var text = new StringBuilder();
        foreach (var field in fields)
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}

/// <summary>
/// The key that seals the trail (HMAC-SHA256). Made once, kept in the database only sealed with the master key, and
/// opened at start-up; without it no seal can be made or checked.
/// </summary>
public sealed class TrailKey
{
    private byte[]? _key;

    public bool IsLoaded => _key is not null;

    internal void Use(byte[] key) => _key = key;

    /// <summary>A key made from the given bytes, for tools that build the app's services themselves (the benchmarks).</summary>
    public static TrailKey Of(byte[] key)
    {
        var trailKey = new TrailKey();
        trailKey.Use([.. key]);
        return trailKey;
    }

    /// <summary>Hex HMAC-SHA256 of the fields, each prefixed with its length.</summary>
    public string Mac(params string[] fields) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(
            _key ?? throw new InvalidOperationException("The trail key is opened at start-up; nothing can be sealed without it."),
            AuditTrail.Encode(fields)));
}

/// <summary>
/// A signed statement of the trail's head: after the record <see cref="LastRecordId"/>, <see cref="Count"/> records
/// were stored and their hashes, folded in the order written, came to <see cref="Hash"/>. Kept in the database as a
/// cache and published outside it (the log, the monthly report, the admin's download), where it shows a rebuilt trail.
/// </summary>
public sealed class TrailCheckpoint
{
    public long Sequence { get; init; }

    public long LastRecordId { get; init; }

    public long Count { get; init; }

    public required string Hash { get; init; }

    public DateTimeOffset At { get; init; }

    public required string Signature { get; init; }

    /// <summary>
    /// When a check of the trail that found every record up to this checkpoint intact began; the next check resumes
    /// after it. Not part of the published checkpoint.
    /// </summary>
    public DateTimeOffset? VerifiedAt { get; init; }

    /// <summary>The seal of <see cref="VerifiedAt"/> (<see cref="AuditTrail.VerifiedSealOf"/>), without which it is ignored.</summary>
    public string? VerifiedSeal { get; init; }
}
