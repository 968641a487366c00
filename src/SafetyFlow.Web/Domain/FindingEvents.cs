using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Domain;

/// <summary>Something that happened to a finding, raised by the entity and dispatched when the change is saved.</summary>
public interface IFindingEvent
{
    DateTimeOffset At { get; }
}

/// <summary>A finding was raised (possibly already fixed on the spot).</summary>
public sealed record FindingRaised(DateTimeOffset At) : IFindingEvent;

/// <summary>A lifecycle transition fired; <paramref name="Detail"/> is the note or reason given with it.</summary>
public sealed record FindingTransitioned(string Trigger, string From, string? Detail, DateTimeOffset At) : IFindingEvent;

/// <summary>A step of the escalation ladder fired.</summary>
public sealed record LadderStepFired(EscalationStep Step, DateTimeOffset At) : IFindingEvent;

/// <summary>Someone commented on a finding; the author is not told of their own comment.</summary>
public sealed record FindingCommented(Guid AuthorId, string AuthorName, string Text, DateTimeOffset At) : IFindingEvent;

/// <summary>An admin or the safety office handed the finding from one owner to another; the new owner is told.</summary>
public sealed record FindingReassigned(Guid FromOwnerId, Guid ToOwnerId, string? Note, DateTimeOffset At) : IFindingEvent;
