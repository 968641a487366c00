using SafetyFlow.Workflows;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Domain;

/// <summary>
/// A hazard found in an inspection, owned by a named person until a supervisor accepts its fix.
/// Every state change goes through a method here, which asks the rectification lifecycle whether the
/// trigger may fire and appends the transition to the finding's history.
/// </summary>
public sealed class Finding
{
    private readonly List<FindingTransition> _history = [];
    private readonly List<IFindingEvent> _events = [];

    private Finding()
    {
    }

    public Guid Id { get; private init; } = Guid.CreateVersion7();

    public Guid? InspectionId { get; private init; }

    public Guid ZoneId { get; private init; }

    public Zone? Zone { get; private init; }

    /// <summary>
    /// The zone's unit when the finding was raised: a recorded fact. Scope, reports and routing follow the zone's unit
    /// as it is now instead (decision 008).
    /// </summary>
    public Guid UnitId { get; private init; }

    /// <summary>The asset that failed; null for an item asked once per zone visit, which is about the zone.</summary>
    public Guid? AssetId { get; private init; }

    public Asset? Asset { get; private init; }

    /// <summary>The checklist workflow and item that failed.</summary>
    public string WorkflowId { get; private init; } = "";

    public string ItemId { get; private init; } = "";

    /// <summary>The asset type, used as the finding's category in reports.</summary>
    public string Category { get; private init; } = "";

    public Severity Severity { get; private init; }

    public string State { get; private set; } = "";

    /// <summary>Content hash of the rectification definition this finding runs on, kept when the file changes.</summary>
    public string LifecycleHash { get; private init; } = "";

    public Guid OwnerId { get; private set; }

    public AppUser? Owner { get; private init; }

    public Guid RaisedById { get; private init; }

    public AppUser? RaisedBy { get; private init; }

    public DateTimeOffset RaisedAt { get; private init; }

    public DateTimeOffset DueAt { get; private set; }

    public decimal? Value { get; private init; }

    public string? Note { get; private init; }

    public bool FixedOnSpot { get; private init; }

    public Guid? FixedById { get; private set; }

    public DateTimeOffset? FixSubmittedAt { get; private set; }

    public string? FixNote { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public Guid? ClosedById { get; private set; }

    public int Rejections { get; private set; }

    public FiveFixes? FiveFixes { get; private set; }

    public int ExtensionRequests { get; private set; }

    public PendingExtension? PendingExtension { get; private set; }

    public int EscalationLevel { get; private set; }

    /// <summary>Put under formal supervision (挂牌督办) by the escalation ladder.</summary>
    public bool Supervised { get; private set; }

    /// <summary>Index of the next escalation ladder step to fire.</summary>
    public int NextStepIndex { get; private set; }

    /// <summary>When the next ladder step is due; null when none is left or the finding is closed. Indexed: the sweep reads only due rows.</summary>
    public DateTimeOffset? NextStepAt { get; private set; }

    /// <summary>The earlier finding this one repeats (same item failing again in the same zone or on the same asset within the window).</summary>
    public Guid? RepeatOfId { get; private init; }

    public bool IsRepeat => RepeatOfId is not null;

    /// <summary>Optimistic concurrency token: two people acting at once cannot both win.</summary>
    public long Version { get; private set; }

    /// <summary>Hash of the latest history record when the finding was last saved.</summary>
    public string TrailHead { get; private set; } = "";

    /// <summary>HMAC, with the trail key, of every stored field and <see cref="TrailHead"/> (<see cref="AuditTrail.SealOf(TrailKey, Finding, string)"/>).</summary>
    public string Seal { get; private set; } = "";

    public IReadOnlyList<FindingTransition> History => _history;

    /// <summary>Seals the finding's state as it is saved, after its latest record; done on every save.</summary>
    internal void SealTrail(TrailKey key, string latestRecordHash)
    {
        TrailHead = latestRecordHash;
        Seal = AuditTrail.SealOf(key, this, latestRecordHash);
    }

    public bool IsClosed => ClosedAt is not null;

    public bool IsOverdueAt(DateTimeOffset now) => !IsClosed && now > DueAt;

    /// <summary>What happened to the finding since it was loaded, for the handlers that run when it is saved.</summary>
    public IReadOnlyList<IFindingEvent> Events => _events;

    /// <summary>Takes the events raised so far, leaving none.</summary>
    public IReadOnlyList<IFindingEvent> TakeEvents()
    {
        var taken = _events.ToList();
        _events.Clear();
        return taken;
    }

    /// <summary>
    /// Raises a finding for a failed checklist item, with the deadline its severity gives. <paramref name="repeatOf"/> is
    /// the earlier finding this one repeats, when the caller found one inside the repeat window.
    /// </summary>
    public static Finding Raise(RaiseFindingCommand command, RectificationWorkflow lifecycle, DateTimeOffset now, Guid? repeatOf = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(lifecycle);
        var severity = repeatOf is not null && lifecycle.Repeats is { RaiseSeverity: true } ? Severity.Major : command.Severity;
        var policy = lifecycle.Deadlines[severity];
        if (command.FixedOnSpot && !policy.FixOnSpotAllowed)
        {
            throw new DomainException(severity == command.Severity
                ? $"A {severity.ToString().ToLowerInvariant()} finding cannot be marked fixed on the spot."
                : "This finding repeats an earlier one and is raised as major, which cannot be marked fixed on the spot.");
        }

        var finding = new Finding
        {
            InspectionId = command.InspectionId,
            ZoneId = command.ZoneId,
            UnitId = command.UnitId,
            AssetId = command.AssetId,
            WorkflowId = command.WorkflowId,
            ItemId = command.ItemId,
            Category = command.Category,
            Severity = severity,
            RepeatOfId = repeatOf,
            LifecycleHash = lifecycle.ContentHash,
            OwnerId = command.OwnerId,
            RaisedById = command.RaisedBy.UserId,
            RaisedAt = now,
            DueAt = now + policy.FixWithin,
            Value = command.Value,
            Note = command.Note,
            FixedOnSpot = command.FixedOnSpot,
            State = command.FixedOnSpot ? lifecycle.FixedOnSpotState : lifecycle.InitialState,
        };

        if (command.FixedOnSpot)
        {
            finding.FixedById = command.RaisedBy.UserId;
            finding.FixSubmittedAt = now;
            finding.FixNote = command.Note;
        }

        finding.ScheduleNextStep(lifecycle, fromIndex: 0, after: now);
        finding.Append(now, command.RaisedBy, command.FixedOnSpot ? "raiseFixedOnSpot" : "raise", "", finding.State, command.Note);
        finding._events.Add(new FindingRaised(now));
        return finding;
    }

    public void SubmitFix(FindingLifecycle lifecycle, FindingActor actor, string note, DateTimeOffset now)
    {
        Fire(lifecycle, RectificationTriggers.Fix, actor, now, note, () =>
        {
            FixedById = actor.UserId;
            FixSubmittedAt = now;
            FixNote = note;
        });
    }

    public void Approve(FindingLifecycle lifecycle, FindingActor actor, string? note, DateTimeOffset now)
    {
        Fire(lifecycle, RectificationTriggers.Approve, actor, now, note, () =>
        {
            ClosedAt = now;
            ClosedById = actor.UserId;
            NextStepAt = null;
            PendingExtension = null;
        });
    }

    public void Reject(FindingLifecycle lifecycle, FindingActor actor, string reason, DateTimeOffset now)
    {
        Fire(lifecycle, RectificationTriggers.Reject, actor, now, reason, () => Rejections++);
    }

    public void RecordFiveFixes(FindingLifecycle lifecycle, FindingActor actor, FiveFixes plan, DateTimeOffset now)
    {
        Fire(lifecycle, RectificationTriggers.RecordFiveFixes, actor, now, plan.Measures, () => FiveFixes = plan);
    }

    public void RequestExtension(FindingLifecycle lifecycle, FindingActor actor, DateTimeOffset dueAt, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);

        // Who may ask, and whether a request is possible at all, come before the date:
        // nobody should be told to correct the date of a request that cannot be made.
        lifecycle.Evaluate(this, RectificationTriggers.RequestExtension, actor);
        if (dueAt <= DueAt)
        {
            throw new DomainException("The requested deadline must be later than the current one.") { Field = nameof(dueAt), TextKey = "extension.notLater" };
        }

        var maxDays = lifecycle.Definition.Extensions.MaxExtension.TotalDays.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        if (dueAt - DueAt > lifecycle.Definition.Extensions.MaxExtension)
        {
            throw new DomainException($"An extension may move the deadline at most {maxDays} days past the current one.")
            {
                Field = nameof(dueAt),
                TextKey = "extension.tooFar",
                TextValues = [maxDays],
            };
        }

        Fire(lifecycle, RectificationTriggers.RequestExtension, actor, now, reason, () =>
        {
            ExtensionRequests++;
            PendingExtension = new PendingExtension(dueAt, reason, actor.UserId, now);
        });
    }

    public void ApproveExtension(FindingLifecycle lifecycle, FindingActor actor, string? note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        Fire(lifecycle, RectificationTriggers.ApproveExtension, actor, now, note, () =>
        {
            DueAt = PendingExtension!.DueAt;
            PendingExtension = null;

            // The ladder starts again from the new deadline: steps whose new time is still ahead fire again.
            ScheduleNextStep(lifecycle.Definition, fromIndex: 0, after: now);
        });
    }

    public void DeclineExtension(FindingLifecycle lifecycle, FindingActor actor, string? note, DateTimeOffset now)
    {
        Fire(lifecycle, RectificationTriggers.DeclineExtension, actor, now, note, () => PendingExtension = null);
    }

    /// <summary>
    /// A comment by its owner, a supervisor over its zone or the safety office, in any state: a record of its history,
    /// sealed into the trail like every other (decision 022). It changes nothing else about the finding.
    /// </summary>
    public void Comment(FindingActor actor, string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!MayComment(actor))
        {
            throw new ForbiddenActionException("Only the finding's owner, a supervisor over its zone or the safety office may comment on it.");
        }

        Append(now, actor, CommentAction, State, State, text);
        _events.Add(new FindingCommented(actor.UserId, actor.UserName, text, now));
    }

    /// <summary>The action name of a comment in the history.</summary>
    public const string CommentAction = "comment";

    public bool MayComment(FindingActor actor) =>
        actor is not null && (actor.UserId == OwnerId || actor.SupervisesZone || actor.Roles.Contains(Role.SafetyOffice));

    /// <summary>The action name of a change of owner in the history.</summary>
    public const string ReassignAction = "reassign";

    /// <summary>
    /// An admin or the safety office hands an open finding to another owner: a record of its history naming both owners
    /// (<paramref name="fromName"/> and <paramref name="toName"/> as people know them) and the note, sealed into the trail
    /// like every other; the new owner is told when it is saved. Its state, deadline and ladder stay as they are.
    /// </summary>
    public void Reassign(FindingActor actor, Guid ownerId, string fromName, string toName, string? note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!MayReassign(actor))
        {
            throw new ForbiddenActionException("Only an admin or the safety office may reassign a finding.");
        }

        if (IsClosed)
        {
            throw new DomainException("A closed finding keeps the owner who fixed it.");
        }

        var from = OwnerId;
        OwnerId = ownerId;
        var record = string.IsNullOrEmpty(note) ? $"{fromName} → {toName}" : $"{fromName} → {toName}: {note}";
        Append(now, actor, ReassignAction, State, State, record);
        _events.Add(new FindingReassigned(from, ownerId, note, now));
    }

    public static bool MayReassign(FindingActor actor) =>
        actor is not null && (actor.Roles.Contains(Role.Admin) || actor.Roles.Contains(Role.SafetyOffice));

    /// <summary>
    /// Fires the next escalation step if it is due, and schedules the one after it.
    /// Returns the step fired, or null when none was due. Each step fires once: the step index only moves forward,
    /// and the version check on save makes a second sweep working on the same row fail instead of firing twice.
    /// </summary>
    public EscalationStep? FireDueStep(RectificationWorkflow lifecycle, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        if (IsClosed || NextStepAt is null || NextStepAt > now || NextStepIndex >= lifecycle.Ladder.Length)
        {
            return null;
        }

        var step = lifecycle.Ladder[NextStepIndex];
        EscalationLevel = Math.Max(EscalationLevel, step.Level);
        Supervised |= step.Supervised;
        var action = step.Level == 0 ? "remind" : "escalate";
        var note = $"level {step.Level}: {step.Title.En}";
        ScheduleNextStep(lifecycle, NextStepIndex + 1, after: null);
        Append(now, FindingActor.System, action, State, State, note);
        _events.Add(new LadderStepFired(step, now));
        return step;
    }

    private void ScheduleNextStep(RectificationWorkflow lifecycle, int fromIndex, DateTimeOffset? after)
    {
        var ladder = lifecycle.Ladder;
        var index = fromIndex;

        // At raising, a step whose time has already passed (a reminder a day before a 24-hour deadline) is skipped.
        while (after is not null && index < ladder.Length && DueAt + ladder[index].Offset <= after)
        {
            index++;
        }

        NextStepIndex = index;
        NextStepAt = index < ladder.Length && !IsClosed ? DueAt + ladder[index].Offset : null;
        Version++;
    }

    private void Fire(FindingLifecycle lifecycle, string trigger, FindingActor actor, DateTimeOffset now, string? note, Action effect)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        ArgumentNullException.ThrowIfNull(actor);
        var from = State;
        var to = lifecycle.Evaluate(this, trigger, actor);
        effect();
        State = to;
        Append(now, actor, trigger, from, to, note);
        _events.Add(new FindingTransitioned(trigger, from, note, now));
    }

    private void Append(DateTimeOffset at, FindingActor actor, string action, string from, string to, string? note)
    {
        _history.Add(new FindingTransition
        {
            FindingId = Id,
            At = at,
            ActorId = actor.UserId == Guid.Empty ? null : actor.UserId,
            ActorName = actor.UserName,
            Action = action,
            From = from,
            To = to,
            Note = note,
        });
        Version++;
    }
}

/// <summary>What is needed to raise a finding.</summary>
public sealed record RaiseFindingCommand(
    Guid? InspectionId,
    Guid ZoneId,
    Guid UnitId,
    Guid? AssetId,
    string WorkflowId,
    string ItemId,
    string Category,
    Severity Severity,
    Guid OwnerId,
    FindingActor RaisedBy,
    decimal? Value,
    string? Note,
    bool FixedOnSpot);

/// <summary>The five fixes (五定) recorded for a major finding.</summary>
public sealed record FiveFixes(
    string Measures,
    string Funds,
    string ResponsiblePerson,
    DateTimeOffset Deadline,
    string ContingencyPlan,
    DateTimeOffset RecordedAt);

/// <summary>An owner's request for a later deadline, waiting for a supervisor.</summary>
public sealed record PendingExtension(DateTimeOffset DueAt, string Reason, Guid RequestedById, DateTimeOffset RequestedAt);

/// <summary>One entry of a finding's append-only history.</summary>
public sealed class FindingTransition
{
    public long Id { get; init; }

    public Guid FindingId { get; init; }

    public DateTimeOffset At { get; init; }

    public Guid? ActorId { get; init; }

    public required string ActorName { get; init; }

    public required string Action { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    public string? Note { get; init; }

    /// <summary>Hex SHA-256 of the finding's accepted state after this change (see <see cref="AuditTrail.Digest(Finding)"/>).</summary>
    public string FindingDigest { get; private set; } = "";

    /// <summary>Hash of the record this one follows: the finding's previous record, or for a finding's first record the
    /// first record of the finding raised before it.</summary>
    public string PreviousHash { get; private set; } = "";

    /// <summary>Hex SHA-256 of this record's content, <see cref="FindingDigest"/> and <see cref="PreviousHash"/>.</summary>
    public string Hash { get; private set; } = "";

    /// <summary>HMAC of <see cref="Hash"/> with the trail key: without the key, no record can be written that verifies.</summary>
    public string Seal { get; private set; } = "";

    /// <summary>Seals the record into the trail; done once, when it is saved.</summary>
    internal void SealInto(TrailKey key, string previousHash, string findingDigest)
    {
        if (Hash.Length > 0)
        {
            throw new InvalidOperationException("A sealed record cannot be sealed again.");
        }

        PreviousHash = previousHash;
        FindingDigest = findingDigest;
        Hash = AuditTrail.HashOf(this);
        Seal = AuditTrail.SealOf(key, this);
    }
}

/// <summary>Who acts on a finding, with the facts the lifecycle's guards need.</summary>
public sealed record FindingActor(Guid UserId, string UserName, IReadOnlySet<Role> Roles, bool SupervisesZone)
{
    /// <summary>The escalation sweep.</summary>
    public static FindingActor System { get; } = new(Guid.Empty, "system", new HashSet<Role>(), SupervisesZone: false);
}
