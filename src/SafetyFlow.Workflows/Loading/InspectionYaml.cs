using System.Collections.Immutable;
using SafetyFlow.Workflows.Model;
using YamlDotNet.RepresentationModel;

namespace SafetyFlow.Workflows.Loading;

/// <summary>The YAML shape of an inspection workflow file, before validation.</summary>
internal sealed class InspectionYaml
{
    public static FieldMap<InspectionYaml> Fields { get; } = new()
    {
        ["id"] = (t, r, n, p) => t.Id = r.Text(n, p),
        ["kind"] = (t, r, n, p) => t.Kind = r.Text(n, p),
        ["title"] = (t, r, n, p) => t.Title = LocalizedTextYaml.Read(r, n, p),
        ["assetType"] = (t, r, n, p) => t.AssetType = r.Text(n, p),
        ["schedule"] = (t, r, n, p) => t.Schedule = ScheduleYaml.Read(r, n, p),
        ["items"] = (t, r, n, p) => t.Items = r.Sequence(n, p, (e, ep) => ChecklistItemYaml.Read(r, e, ep)),
    };

    public string? Id { get; set; }

    public string? Kind { get; set; }

    public LocalizedTextYaml? Title { get; set; }

    public string? AssetType { get; set; }

    public ScheduleYaml? Schedule { get; set; }

    public List<ChecklistItemYaml>? Items { get; set; }

    public static InspectionYaml Read(YamlFieldReader reader, YamlNode node) =>
        reader.Mapping(node, string.Empty, new InspectionYaml(), Fields);

    /// <summary>Builds the model; call only after validation passed.</summary>
    public InspectionWorkflow ToModel(DefinitionOrigin origin) => new()
    {
        Id = Id!,
        Title = Title!.ToModel(),
        SourceFile = origin.SourceFile,
        ContentHash = origin.ContentHash,
        Source = origin.Source,
        AssetType = AssetType!,
        Schedule = Schedule!.ToModel(),
        Items = [.. Items!.Select(i => i.ToModel())],
    };
}

/// <summary>The YAML shape of a visit schedule.</summary>
internal sealed class ScheduleYaml
{
    public static FieldMap<ScheduleYaml> Fields { get; } = new()
    {
        ["days"] = (t, r, n, p) => t.Days = r.Sequence(n, p, r.Text),
        ["earliestStart"] = (t, r, n, p) => t.EarliestStart = r.TimeOfDay(n, p),
        ["latestEnd"] = (t, r, n, p) => t.LatestEnd = r.TimeOfDay(n, p),
        ["windowLength"] = (t, r, n, p) => t.WindowLength = r.Duration(n, p),
    };

    public List<string?>? Days { get; set; }

    public TimeOnly? EarliestStart { get; set; }

    public TimeOnly? LatestEnd { get; set; }

    public TimeSpan? WindowLength { get; set; }

    public static ScheduleYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new ScheduleYaml(), Fields);

    public VisitSchedule ToModel() => new(
        [.. Days!.Select(d => Vocabulary.Days[d!])],
        EarliestStart.GetValueOrDefault(),
        LatestEnd.GetValueOrDefault(),
        WindowLength.GetValueOrDefault());
}

/// <summary>The YAML shape of a checklist item.</summary>
internal sealed class ChecklistItemYaml
{
    public static FieldMap<ChecklistItemYaml> Fields { get; } = new()
    {
        ["itemId"] = (t, r, n, p) => t.ItemId = r.Text(n, p),
        ["text"] = (t, r, n, p) => t.Text = LocalizedTextYaml.Read(r, n, p),
        ["kind"] = (t, r, n, p) => t.Kind = r.Text(n, p),
        ["unit"] = (t, r, n, p) => t.Unit = r.Text(n, p),
        ["min"] = (t, r, n, p) => t.Min = r.Number(n, p),
        ["max"] = (t, r, n, p) => t.Max = r.Number(n, p),
        ["severity"] = (t, r, n, p) => t.Severity = r.Text(n, p),
        ["reference"] = (t, r, n, p) => t.Reference = r.Text(n, p),
        ["referenceUnverified"] = (t, r, n, p) => t.ReferenceUnverified = r.Flag(n, p),
        ["per"] = (t, r, n, p) => t.Per = r.Text(n, p),
        ["appliesTo"] = (t, r, n, p) => t.AppliesTo = AssetConditionYaml.Read(r, n, p),
    };

    public string? ItemId { get; set; }

    public LocalizedTextYaml? Text { get; set; }

    public string? Kind { get; set; }

    public string? Unit { get; set; }

    public decimal? Min { get; set; }

    public decimal? Max { get; set; }

    public string? Severity { get; set; }

    public string? Reference { get; set; }

    public bool? ReferenceUnverified { get; set; }

    public string? Per { get; set; }

    public AssetConditionYaml? AppliesTo { get; set; }

    public static ChecklistItemYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new ChecklistItemYaml(), Fields);

    public ChecklistItem ToModel() => new()
    {
        ItemId = ItemId!,
        Text = Text!.ToModel(),
        Kind = Vocabulary.ItemKinds[Kind!],
        Unit = Unit?.Trim(),
        Min = Min,
        Max = Max,
        Severity = Vocabulary.Severities[Severity!],
        Reference = Reference!.Trim(),
        ReferenceUnverified = ReferenceUnverified ?? false,
        Per = Per is null ? ItemScope.Asset : Vocabulary.ItemScopes[Per],
        AppliesTo = AppliesTo?.ToModel(),
    };
}

/// <summary>The YAML shape of an item's <c>appliesTo</c>: an asset attribute and the values that make the item apply.</summary>
internal sealed class AssetConditionYaml
{
    public static FieldMap<AssetConditionYaml> Fields { get; } = new()
    {
        ["attribute"] = (t, r, n, p) => t.Attribute = r.Text(n, p),
        ["values"] = (t, r, n, p) => t.Values = r.Sequence(n, p, r.Text),
    };

    public string? Attribute { get; set; }

    public List<string?>? Values { get; set; }

    public static AssetConditionYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new AssetConditionYaml(), Fields);

    public AssetCondition ToModel() => new(Attribute!.Trim(), [.. Values!.Select(v => v!.Trim())]);
}
