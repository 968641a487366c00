using System.Collections.Immutable;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Workflows;

/// <summary>The validated definitions loaded from one folder.</summary>
public sealed record WorkflowCatalog(
    ImmutableArray<InspectionWorkflow> Inspections,
    RectificationWorkflow Rectification,
    ZoneRatingDefinition? ZoneRating = null)
{
    /// <summary>Every definition: inspections, then the rectification, then the zone rating when there is one.</summary>
    public IEnumerable<WorkflowDefinition> All =>
        Inspections.Cast<WorkflowDefinition>().Append(Rectification).Concat(ZoneRating is null ? [] : [ZoneRating]);

    /// <summary>The definition with this id, or null.</summary>
    public WorkflowDefinition? Find(string id) => All.FirstOrDefault(d => d.Id == id);
}
