using System.Text.Json;
using SafetyFlow.Workflows.Loading;

namespace SafetyFlow.UnitTests.Workflows;

public sealed class WorkflowSchemaTests
{
    public static TheoryData<string> Shapes => [.. KeysByShape().Keys];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_editor_schema_allows_exactly_the_keys_the_loader_reads(string shape)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(WorkflowFolder.RepoWorkflows, "workflow.schema.json")));
        var node = schema.RootElement;
        foreach (var step in shape.Split('/'))
        {
            node = node.GetProperty(step);
        }

        Assert.False(node.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(KeysByShape()[shape].Order(), node.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
    }

    private static Dictionary<string, IEnumerable<string>> KeysByShape() => new()
    {
        ["$defs/inspection"] = InspectionYaml.Fields.Keys,
        ["$defs/schedule"] = ScheduleYaml.Fields.Keys,
        ["$defs/item"] = ChecklistItemYaml.Fields.Keys,
        ["$defs/item/properties/appliesTo"] = AssetConditionYaml.Fields.Keys,
        ["$defs/text"] = LocalizedTextYaml.Fields.Keys,
        ["$defs/rectification"] = RectificationYaml.Fields.Keys,
        ["$defs/rectification/properties/states/items"] = StateYaml.Fields.Keys,
        ["$defs/rectification/properties/transitions/items"] = TransitionYaml.Fields.Keys,
        ["$defs/rectification/properties/deadlines"] = DeadlinesYaml.Fields.Keys,
        ["$defs/deadlinePolicy"] = DeadlinePolicyYaml.Fields.Keys,
        ["$defs/rectification/properties/ladder/items"] = EscalationStepYaml.Fields.Keys,
        ["$defs/rectification/properties/extensions"] = ExtensionsYaml.Fields.Keys,
        ["$defs/rectification/properties/repeats"] = RepeatsYaml.Fields.Keys,
        ["$defs/rectification/properties/raise"] = RaiseYaml.Fields.Keys,
        ["$defs/message"] = NotifyYaml.Fields.Keys,
        ["$defs/zoneRating"] = ZoneRatingYaml.Fields.Keys,
        ["$defs/zoneRating/properties/weights"] = RatingWeightsYaml.Fields.Keys,
        ["$defs/zoneRating/properties/severityWeights"] = SeverityWeightsYaml.Fields.Keys,
        ["$defs/zoneRating/properties/penalties"] = RatingPenaltiesYaml.Fields.Keys,
        ["$defs/zoneRating/properties/stars/items"] = StarThresholdYaml.Fields.Keys,
    };
}
