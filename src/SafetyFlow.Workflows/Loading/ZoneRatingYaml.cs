using System.Collections.Immutable;
using SafetyFlow.Workflows.Model;
using YamlDotNet.RepresentationModel;

namespace SafetyFlow.Workflows.Loading;

/// <summary>The YAML shape of the zone rating file, before validation.</summary>
internal sealed class ZoneRatingYaml
{
    public static FieldMap<ZoneRatingYaml> Fields { get; } = new()
    {
        ["id"] = (t, r, n, p) => t.Id = r.Text(n, p),
        ["kind"] = (t, r, n, p) => t.Kind = r.Text(n, p),
        ["title"] = (t, r, n, p) => t.Title = LocalizedTextYaml.Read(r, n, p),
        ["weights"] = (t, r, n, p) => t.Weights = RatingWeightsYaml.Read(r, n, p),
        ["severityWeights"] = (t, r, n, p) => t.SeverityWeights = SeverityWeightsYaml.Read(r, n, p),
        ["penalties"] = (t, r, n, p) => t.Penalties = RatingPenaltiesYaml.Read(r, n, p),
        ["stars"] = (t, r, n, p) => t.Stars = r.Sequence(n, p, (e, ep) => StarThresholdYaml.Read(r, e, ep)),
    };

    public string? Id { get; set; }

    public string? Kind { get; set; }

    public LocalizedTextYaml? Title { get; set; }

    public RatingWeightsYaml? Weights { get; set; }

    public SeverityWeightsYaml? SeverityWeights { get; set; }

    public RatingPenaltiesYaml? Penalties { get; set; }

    public List<StarThresholdYaml>? Stars { get; set; }

    public static ZoneRatingYaml Read(YamlFieldReader reader, YamlNode node) =>
        reader.Mapping(node, string.Empty, new ZoneRatingYaml(), Fields);

    /// <summary>Builds the model; call only after validation passed.</summary>
    public ZoneRatingDefinition ToModel(DefinitionOrigin origin) => new()
    {
        Id = Id!,
        Title = Title!.ToModel(),
        SourceFile = origin.SourceFile,
        ContentHash = origin.ContentHash,
        Source = origin.Source,
        Weights = new RatingWeights(
            Weights!.InspectionsOnTime!.Value, Weights.Findings!.Value, Weights.OnTimeClosure!.Value, Weights.Repeats!.Value, Weights.Rejections!.Value),
        SeverityWeights = ImmutableDictionary.CreateRange(
        [
            KeyValuePair.Create(Severity.General, SeverityWeights!.General!.Value),
            KeyValuePair.Create(Severity.Major, SeverityWeights.Major!.Value),
        ]),
        Penalties = new RatingPenalties(Penalties!.PerWeightedFinding!.Value, Penalties.PerRepeat!.Value, Penalties.PerRejection!.Value),
        Stars = [.. Stars!.Select(s => new StarThreshold(s.Stars!.Value, s.MinScore!.Value))],
    };
}

/// <summary>The YAML shape of the component weights.</summary>
internal sealed class RatingWeightsYaml
{
    public static FieldMap<RatingWeightsYaml> Fields { get; } = new()
    {
        ["inspectionsOnTime"] = (t, r, n, p) => t.InspectionsOnTime = r.Number(n, p),
        ["findings"] = (t, r, n, p) => t.Findings = r.Number(n, p),
        ["onTimeClosure"] = (t, r, n, p) => t.OnTimeClosure = r.Number(n, p),
        ["repeats"] = (t, r, n, p) => t.Repeats = r.Number(n, p),
        ["rejections"] = (t, r, n, p) => t.Rejections = r.Number(n, p),
    };

    public decimal? InspectionsOnTime { get; set; }

    public decimal? Findings { get; set; }

    public decimal? OnTimeClosure { get; set; }

    public decimal? Repeats { get; set; }

    public decimal? Rejections { get; set; }

    public decimal Total => (InspectionsOnTime ?? 0) + (Findings ?? 0) + (OnTimeClosure ?? 0) + (Repeats ?? 0) + (Rejections ?? 0);

    public static RatingWeightsYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new RatingWeightsYaml(), Fields);
}

/// <summary>The YAML shape of the severity weights.</summary>
internal sealed class SeverityWeightsYaml
{
    public static FieldMap<SeverityWeightsYaml> Fields { get; } = new()
    {
        ["general"] = (t, r, n, p) => t.General = r.Number(n, p),
        ["major"] = (t, r, n, p) => t.Major = r.Number(n, p),
    };

    public decimal? General { get; set; }

    public decimal? Major { get; set; }

    public static SeverityWeightsYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new SeverityWeightsYaml(), Fields);
}

/// <summary>The YAML shape of the penalties.</summary>
internal sealed class RatingPenaltiesYaml
{
    public static FieldMap<RatingPenaltiesYaml> Fields { get; } = new()
    {
        ["perWeightedFinding"] = (t, r, n, p) => t.PerWeightedFinding = r.Number(n, p),
        ["perRepeat"] = (t, r, n, p) => t.PerRepeat = r.Number(n, p),
        ["perRejection"] = (t, r, n, p) => t.PerRejection = r.Number(n, p),
    };

    public decimal? PerWeightedFinding { get; set; }

    public decimal? PerRepeat { get; set; }

    public decimal? PerRejection { get; set; }

    public static RatingPenaltiesYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new RatingPenaltiesYaml(), Fields);
}

/// <summary>The YAML shape of one star threshold.</summary>
internal sealed class StarThresholdYaml
{
    public static FieldMap<StarThresholdYaml> Fields { get; } = new()
    {
        ["stars"] = (t, r, n, p) => t.Stars = r.WholeNumber(n, p),
        ["minScore"] = (t, r, n, p) => t.MinScore = r.Number(n, p),
    };

    public int? Stars { get; set; }

    public decimal? MinScore { get; set; }

    public static StarThresholdYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new StarThresholdYaml(), Fields);
}
