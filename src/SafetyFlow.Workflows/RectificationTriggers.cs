using System.Collections.Immutable;

namespace SafetyFlow.Workflows;

/// <summary>The triggers the runtime fires by name; a rectification definition must define each of them.</summary>
public static class RectificationTriggers
{
    /// <summary>The owner submits a fix.</summary>
    public const string Fix = "fix";

    /// <summary>A supervisor accepts the fix.</summary>
    public const string Approve = "approve";

    /// <summary>A supervisor rejects the fix; the finding goes back to its owner.</summary>
    public const string Reject = "reject";

    /// <summary>The owner asks for a later deadline.</summary>
    public const string RequestExtension = "requestExtension";

    /// <summary>A supervisor grants the requested deadline.</summary>
    public const string ApproveExtension = "approveExtension";

    /// <summary>A supervisor refuses the requested deadline.</summary>
    public const string DeclineExtension = "declineExtension";

    /// <summary>The owner records the five fixes (五定) of a major finding.</summary>
    public const string RecordFiveFixes = "recordFiveFixes";

    /// <summary>Every trigger the runtime relies on.</summary>
    public static ImmutableArray<string> All { get; } =
        [Fix, Approve, Reject, RequestExtension, ApproveExtension, DeclineExtension, RecordFiveFixes];
}
