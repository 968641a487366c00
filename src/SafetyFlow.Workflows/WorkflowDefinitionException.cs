namespace SafetyFlow.Workflows;

/// <summary>Thrown when workflow definitions are invalid; lists every error found, not just the first.</summary>
public sealed class WorkflowDefinitionException : Exception
{
    public WorkflowDefinitionException()
        : this([])
    {
    }

    public WorkflowDefinitionException(string message)
        : base(message)
    {
        Errors = [];
    }

    public WorkflowDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates the exception for a list of errors; its message shows one error per line.</summary>
    public WorkflowDefinitionException(IReadOnlyList<WorkflowDefinitionError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Every error found, ordered by file, line and column.</summary>
    public IReadOnlyList<WorkflowDefinitionError> Errors { get; }

    private static string Describe(IReadOnlyList<WorkflowDefinitionError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var heading = errors.Count == 1
            ? "Workflow definitions are invalid (1 error):"
            : $"Workflow definitions are invalid ({errors.Count} errors):";
        return string.Join(Environment.NewLine, errors.Select(e => e.ToString()).Prepend(heading));
    }
}
