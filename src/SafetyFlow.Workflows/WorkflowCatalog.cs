using System.Collections.Immutable;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Workflows;

/// <summary>The validated definitions loaded from one folder.</summary>
public sealed record WorkflowCatalog(
    ImmutableArray<InspectionWorkflow> Inspections,
    RectificationWorkflow Rectification)
{
    /// <summary>Every definition, inspections first.</summary>
    public IEnumerable<WorkflowDefinition> All => Inspections.Cast<WorkflowDefinition>().Append(Rectification);

    /// <summary>The definition with this id, or null.</summary>
    public WorkflowDefinition? Find(string id) => All.FirstOrDefault(d => d.Id == id);
}
