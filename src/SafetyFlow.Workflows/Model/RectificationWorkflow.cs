using System.Collections.Immutable;

namespace SafetyFlow.Workflows.Model;

/// <summary>The finding lifecycle: states, triggers, guards, deadlines, escalation and extensions.</summary>
public sealed record RectificationWorkflow : WorkflowDefinition
{
    /// <inheritdoc />
    public override WorkflowKind Kind => WorkflowKind.Rectification;

    /// <summary>The state a new finding starts in.</summary>
    public required string InitialState { get; init; }

    /// <summary>The state a finding fixed on the spot starts in.</summary>
    public required string FixedOnSpotState { get; init; }

    /// <summary>States in which a finding is closed (no further escalation, counts as closed).</summary>
    public required ImmutableArray<string> FinalStates { get; init; }

    /// <summary>Every state.</summary>
    public required ImmutableArray<StateDefinition> States { get; init; }

    /// <summary>Every transition, including internal ones (From == To).</summary>
    public required ImmutableArray<TransitionDefinition> Transitions { get; init; }

    /// <summary>Deadline rules per severity; has an entry for each severity.</summary>
    public required ImmutableDictionary<Severity, DeadlinePolicy> Deadlines { get; init; }

    /// <summary>The escalation ladder, steps ordered by offset.</summary>
    public required ImmutableArray<EscalationStep> Ladder { get; init; }

    /// <summary>Extension rules.</summary>
    public required ExtensionPolicy Extensions { get; init; }

    /// <summary>When a failing item is marked as a repeat of an earlier finding; null when repeats are not tracked.</summary>
    public RepeatPolicy? Repeats { get; init; }

    /// <summary>Who is told when a finding is raised, besides the per-severity <see cref="DeadlinePolicy.NotifyOnRaise"/>.</summary>
    public RaiseNotifications Raise { get; init; } = RaiseNotifications.Nobody;

    /// <summary>The transitions that may fire from a state.</summary>
    public IEnumerable<TransitionDefinition> TransitionsFrom(string state) => Transitions.Where(t => t.From == state);

    /// <summary>The transition a trigger fires from a state; null when the definition has none.</summary>
    public TransitionDefinition? Transition(string trigger, string from) =>
        Transitions.FirstOrDefault(t => t.Trigger == trigger && t.From == from);
}

/// <summary>One message a definition sends: its kind and the audiences told.</summary>
/// <param name="Kind">The message kind, one of <see cref="MessageKinds.ForFindings"/>, e.g. <c>fix.rejected</c>.</param>
/// <param name="Audiences">Who receives it; a person named by two audiences receives it once.</param>
public sealed record NotifyRule(string Kind, ImmutableArray<Audience> Audiences);

/// <summary>The messages sent when a finding is raised.</summary>
/// <param name="Notify">Sent for every new finding.</param>
/// <param name="FixedOnSpot">Also sent when the finding was fixed on the spot and waits for acceptance.</param>
public sealed record RaiseNotifications(ImmutableArray<NotifyRule> Notify, ImmutableArray<NotifyRule> FixedOnSpot)
{
    /// <summary>No message at all.</summary>
    public static RaiseNotifications Nobody { get; } = new([], []);
}

/// <summary>A state of the finding lifecycle.</summary>
/// <param name="Name">The state's name, e.g. <c>Open</c>.</param>
/// <param name="Title">Its display name in both languages.</param>
public sealed record StateDefinition(string Name, LocalizedText Title);

/// <summary>One permitted transition.</summary>
public sealed record TransitionDefinition
{
    /// <summary>The trigger, e.g. <c>fix</c>, <c>approve</c>, <c>reject</c>.</summary>
    public required string Trigger { get; init; }

    /// <summary>The state it leaves.</summary>
    public required string From { get; init; }

    /// <summary>The state it enters; equal to <see cref="From"/> for an internal transition.</summary>
    public required string To { get; init; }

    /// <summary>Roles allowed to fire it (any one suffices).</summary>
    public required ImmutableArray<Role> Roles { get; init; }

    /// <summary>Guards that must all hold.</summary>
    public required ImmutableArray<Guard> Guards { get; init; }

    /// <summary>The messages sent when the transition fires; empty when nobody is told.</summary>
    public ImmutableArray<NotifyRule> Notify { get; init; } = [];

    /// <summary>True when the transition stays in its state.</summary>
    public bool IsInternal => From == To;
}

/// <summary>Deadline rule for one severity.</summary>
public sealed record DeadlinePolicy
{
    /// <summary>Time from raising to the fix deadline (e.g. P7D, PT24H).</summary>
    public required TimeSpan FixWithin { get; init; }

    /// <summary>Whether the owner must record the five fixes (五定) before submitting a fix.</summary>
    public required bool FiveFixesRequired { get; init; }

    /// <summary>Whether the member may mark the finding fixed on the spot.</summary>
    public required bool FixOnSpotAllowed { get; init; }

    /// <summary>Audiences told at once when a finding of this severity is raised (the owner is always told).</summary>
    public required ImmutableArray<Audience> NotifyOnRaise { get; init; }
}

/// <summary>One rung of the escalation ladder.</summary>
public sealed record EscalationStep
{
    /// <summary>Level reached when the step fires; 0 for a reminder that does not escalate.</summary>
    public required int Level { get; init; }

    /// <summary>When the step fires, relative to the fix deadline (negative: before it).</summary>
    public required TimeSpan Offset { get; init; }

    /// <summary>Who is told.</summary>
    public required ImmutableArray<Audience> Notify { get; init; }

    /// <summary>Whether the finding is put under formal supervision (挂牌督办) at this step.</summary>
    public bool Supervised { get; init; }

    /// <summary>Name of the step in both languages, used in messages.</summary>
    public required LocalizedText Title { get; init; }
}

/// <summary>Extension rules.</summary>
/// <param name="MaxRequests">How many extension requests an owner may make per finding.</param>
/// <param name="MaxExtension">The longest a deadline may be moved by one extension.</param>
public sealed record ExtensionPolicy(int MaxRequests, TimeSpan MaxExtension);

/// <summary>How repeat findings are recognised.</summary>
/// <param name="Window">How far back, from the new finding's raising, an earlier finding of the same item counts.</param>
/// <param name="Scope">Whether the earlier finding must be in the same zone or on the same asset.</param>
/// <param name="RaiseSeverity">Whether a general finding that repeats is raised as major.</param>
public sealed record RepeatPolicy(TimeSpan Window, RepeatScope Scope, bool RaiseSeverity);
