namespace SafetyFlow.Web.Domain;

/// <summary>One version of a workflow definition file, kept so findings can run on the version they started on.</summary>
public sealed class StoredWorkflowDefinition
{
    public required string ContentHash { get; init; }

    public required string WorkflowId { get; init; }

    public int Version { get; init; }

    public required string Kind { get; init; }

    public required string FileName { get; init; }

    public required string Source { get; init; }

    public DateTimeOffset LoadedAt { get; init; }
}

/// <summary>A value the application keeps for itself across restarts and nodes (the token signing key, the manual clock).</summary>
public sealed class SystemSetting
{
    public required string Key { get; init; }

    public required string Value { get; set; }
}
