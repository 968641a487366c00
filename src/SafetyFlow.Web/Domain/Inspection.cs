namespace SafetyFlow.Web.Domain;

/// <summary>One zone's weekly check against one inspection workflow.</summary>
public sealed class Inspection
{
    private readonly List<InspectionTarget> _targets = [];
    private readonly List<InspectionResult> _results = [];

    private Inspection()
    {
    }

    public Guid Id { get; private init; } = Guid.CreateVersion7();

    public string WorkflowId { get; private init; } = "";

    /// <summary>Content hash of the checklist definition the inspection was created from.</summary>
    public string WorkflowHash { get; private set; } = "";

    public Guid ZoneId { get; private init; }

    public Zone? Zone { get; private init; }

    /// <summary>ISO week, e.g. <c>2026-W48</c>.</summary>
    public string Week { get; private init; } = "";

    public DateTimeOffset VisitWindowStart { get; private init; }

    public DateTimeOffset VisitWindowEnd { get; private init; }

    public DateTimeOffset DueAt { get; private init; }

    public DateTimeOffset CreatedAt { get; private init; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    public Guid? SubmittedById { get; private set; }

    /// <summary>
    /// When the member finished the checklist, by the phone's clock, as the phone sent it with the submission; a checklist
    /// finished without a connection reaches the server later (<see cref="SubmittedAt"/>), and its visit is judged by this time.
    /// </summary>
    public DateTimeOffset? CompletedAt { get; private set; }

    public long Version { get; private set; }

    /// <summary>Whether the submission came inside the visit window, before it or after it; null until submitted.</summary>
    public VisitTiming? Timing { get; private set; }

    /// <summary>The submitting member's arrival at the zone (a scan of its sign) that shows the checklist was filled on site.</summary>
    public DateTimeOffset? ArrivedAt { get; private set; }

    /// <summary>The arrival was sent later with the phone's time.</summary>
    public bool ArrivedByPhoneTime { get; private set; }

    /// <summary>HMAC, with the trail key, of the inspection and every answer given in it (<see cref="AuditTrail.SealOf(TrailKey, Inspection, IEnumerable{InspectionResult})"/>).</summary>
    public string Seal { get; private set; } = "";

    public IReadOnlyList<InspectionTarget> Targets => _targets;

    public IReadOnlyList<InspectionResult> Results => _results;

    /// <summary>Seals the inspection with all its answers as it is saved.</summary>
    internal void SealAnswers(TrailKey key, IEnumerable<InspectionResult> answers) => Seal = AuditTrail.SealOf(key, this, answers);

    public static Inspection Create(
        string workflowId,
        string workflowHash,
        Guid zoneId,
        string week,
        DateTimeOffset visitWindowStart,
        DateTimeOffset visitWindowEnd,
        DateTimeOffset dueAt,
        DateTimeOffset now,
        IEnumerable<Guid> assetIds)
    {
        var inspection = new Inspection
        {
            WorkflowId = workflowId,
            WorkflowHash = workflowHash,
            ZoneId = zoneId,
            Week = week,
            VisitWindowStart = visitWindowStart,
            VisitWindowEnd = visitWindowEnd,
            DueAt = dueAt,
            CreatedAt = now,
        };
        inspection._targets.AddRange(assetIds.Select(a => new InspectionTarget { InspectionId = inspection.Id, AssetId = a }));
        return inspection;
    }

    public InspectionStatus StatusAt(DateTimeOffset now) =>
        SubmittedAt is not null ? InspectionStatus.Submitted
        : now > DueAt ? InspectionStatus.Overdue
        : InspectionStatus.Due;

    /// <summary>
    /// The submission was finished on the phone well before the server received it (kept on the phone while offline):
    /// its timing and proof of presence follow the phone's clock, and it is shown as such.
    /// </summary>
    public bool SentLater => CompletedAt is { } completed && SubmittedAt is { } received && received - completed > SentLaterAfter;

    /// <summary>How long after the phone finished a checklist its arrival at the server still counts as sent at once.</summary>
    public static readonly TimeSpan SentLaterAfter = TimeSpan.FromMinutes(2);

    /// <summary>The time the visit is judged by: when the phone finished the checklist, or else when the server received it.</summary>
    public DateTimeOffset? VisitedAt => CompletedAt ?? SubmittedAt;

    /// <summary>
    /// Records the checklist answers, received <paramref name="now"/> and finished on the phone at <paramref name="completedAt"/>
    /// when it says so; an inspection is submitted once.
    /// </summary>
    public void Submit(Guid memberId, IEnumerable<InspectionResult> results, DateTimeOffset now, DateTimeOffset? completedAt = null)
    {
        if (SubmittedAt is not null)
        {
            throw new DomainException("This inspection has already been submitted.");
        }

        if (completedAt > now)
        {
            // A phone's clock a little ahead of the server's: the checklist cannot have been finished after it arrived.
            completedAt = now;
        }

        SubmittedAt = now;
        CompletedAt = completedAt;
        SubmittedById = memberId;
        _results.AddRange(results);
        Version++;
    }

    /// <summary>
    /// Moves an inspection not yet submitted to another version of its checklist, so it is asked in that version's shape
    /// (items once per zone, items per asset); a submitted inspection keeps the version it was answered under.
    /// </summary>
    public void FollowDefinition(string workflowHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowHash);
        if (SubmittedAt is not null)
        {
            throw new DomainException("A submitted inspection keeps the checklist it was answered under.");
        }

        WorkflowHash = workflowHash;
        Version++;
    }

    /// <summary>Marks when, against its visit window, the inspection was submitted.</summary>
    public void MarkTiming(VisitTiming timing) => Timing = timing;

    /// <summary>Records the member's arrival at the zone that proves the visit; the earliest proof is kept.</summary>
    public void ProveArrival(ZoneArrival arrival)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        if (ArrivedAt is { } earlier && earlier <= arrival.At)
        {
            return;
        }

        ArrivedAt = arrival.At;
        ArrivedByPhoneTime = arrival.PhoneTime;
        Version++;
    }
}

/// <summary>When an inspection was submitted against its visit window.</summary>
public enum VisitTiming
{
    InWindow,
    Early,
    Late,
}

public enum InspectionStatus
{
    Due,
    Overdue,
    Submitted,
}

/// <summary>An asset an inspection covers, fixed when the inspection is created.</summary>
public sealed class InspectionTarget
{
    public Guid InspectionId { get; init; }

    public Guid AssetId { get; init; }

    public Asset? Asset { get; init; }
}

/// <summary>The answer to one checklist item for one asset, or for the zone when the item is asked once per zone visit.</summary>
public sealed class InspectionResult
{
    public long Id { get; init; }

    public Guid InspectionId { get; init; }

    /// <summary>The asset answered for; null for an item asked once per zone visit.</summary>
    public Guid? AssetId { get; init; }

    public required string ItemId { get; init; }

    public required ItemOutcome Outcome { get; init; }

    public decimal? Value { get; init; }

    public string? Note { get; init; }
}

public enum ItemOutcome
{
    Pass,
    Fail,
    NotApplicable,
}
