using System.Collections.Immutable;

namespace SafetyFlow.Workflows;

/// <summary>The kinds of message a definition may send about a finding; each has its own text in both languages.</summary>
public static class MessageKinds
{
    /// <summary>A new finding for its owner to fix.</summary>
    public const string FindingAssigned = "finding.assigned";

    /// <summary>A finding was raised (for those watching rather than fixing).</summary>
    public const string FindingRaised = "finding.raised";

    /// <summary>A fix waits for acceptance.</summary>
    public const string FixSubmitted = "fix.submitted";

    /// <summary>A fix was rejected; the finding is open again.</summary>
    public const string FixRejected = "fix.rejected";

    /// <summary>A fix was accepted and the finding closed.</summary>
    public const string FindingClosed = "finding.closed";

    /// <summary>An extension request waits for a decision.</summary>
    public const string ExtensionRequested = "extension.requested";

    /// <summary>An extension was granted; the deadline moved.</summary>
    public const string ExtensionApproved = "extension.approved";

    /// <summary>An extension was refused; the deadline stays.</summary>
    public const string ExtensionDeclined = "extension.declined";

    /// <summary>
    /// The kinds a transition or the raising of a finding may send. Reminders and escalations follow from the ladder's
    /// level, and digests are not about one finding, so a definition does not name them.
    /// </summary>
    public static ImmutableArray<string> ForFindings { get; } =
    [
        FindingAssigned, FindingRaised, FixSubmitted, FixRejected, FindingClosed,
        ExtensionRequested, ExtensionApproved, ExtensionDeclined,
    ];
}
