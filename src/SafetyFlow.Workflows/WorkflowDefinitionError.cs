namespace SafetyFlow.Workflows;

/// <summary>One problem found in a workflow definition file.</summary>
/// <param name="File">The file, as the caller named it (e.g. <c>workflows/rectification.yaml</c>).</param>
/// <param name="Line">1-based line of the offending node; 0 when the error concerns no particular line.</param>
/// <param name="Column">1-based column of the offending node; 0 when the error concerns no particular line.</param>
/// <param name="Field">Path of the offending field, e.g. <c>ladder[2].offset</c>; empty for a YAML syntax error.</param>
/// <param name="Message">What is wrong, in English.</param>
public sealed record WorkflowDefinitionError(string File, int Line, int Column, string Field, string Message)
{
    /// <summary>The error as <c>file:line:column: field: message</c>, the form editors and terminals link to.</summary>
    public override string ToString()
    {
        var place = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return Field.Length > 0 ? $"{place}: {Field}: {Message}" : $"{place}: {Message}";
    }
}
