using System.Collections.Immutable;

namespace SafetyFlow.Workflows.Model;

/// <summary>
/// The monthly zone rating. Each component scores 0..100; the score is their weighted mean; the stars are those of the
/// highest threshold the score reaches.
/// </summary>
public sealed record ZoneRatingDefinition : WorkflowDefinition
{
    /// <inheritdoc />
    public override WorkflowKind Kind => WorkflowKind.ZoneRating;

    /// <summary>Weight of each component in the score; they need not add up to 100.</summary>
    public required RatingWeights Weights { get; init; }

    /// <summary>How much one finding of each severity counts in the findings component.</summary>
    public required ImmutableDictionary<Severity, decimal> SeverityWeights { get; init; }

    /// <summary>Points a component loses per weighted finding, repeat and rejection.</summary>
    public required RatingPenalties Penalties { get; init; }

    /// <summary>The lowest score for one to five stars, ordered by stars.</summary>
    public required ImmutableArray<StarThreshold> Stars { get; init; }

    /// <summary>Rates one zone's month.</summary>
    public ZoneScore Rate(ZoneMonthFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var inspections = facts.InspectionsDue == 0 ? 100m : 100m * facts.InspectionsOnTime / facts.InspectionsDue;
        var weightedFindings = facts.FindingsBySeverity.Sum(f => SeverityWeights.GetValueOrDefault(f.Key) * f.Value);
        var findings = Math.Max(0m, 100m - (Penalties.PerWeightedFinding * weightedFindings));
        var closure = facts.FindingsDue == 0 ? 100m : 100m * facts.FindingsClosedOnTime / facts.FindingsDue;
        var repeats = Math.Max(0m, 100m - (Penalties.PerRepeat * facts.Repeats));
        var rejections = Math.Max(0m, 100m - (Penalties.PerRejection * facts.Rejections));
        var components = new RatingComponents(Round(inspections), Round(findings), Round(closure), Round(repeats), Round(rejections));
        var score = Round(
            ((Weights.InspectionsOnTime * inspections) + (Weights.Findings * findings) + (Weights.OnTimeClosure * closure)
                + (Weights.Repeats * repeats) + (Weights.Rejections * rejections)) / Weights.Total);
        var stars = Stars.Where(t => score >= t.MinScore).Select(t => t.Stars).DefaultIfEmpty(1).Max();
        return new ZoneScore(stars, score, components);
    }

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}

/// <summary>Weights of the five components.</summary>
public sealed record RatingWeights(decimal InspectionsOnTime, decimal Findings, decimal OnTimeClosure, decimal Repeats, decimal Rejections)
{
    /// <summary>The sum of the weights; positive in a valid definition.</summary>
    public decimal Total => InspectionsOnTime + Findings + OnTimeClosure + Repeats + Rejections;
}

/// <summary>Points lost per counted event.</summary>
/// <param name="PerWeightedFinding">Per finding, times its severity weight, from the findings component.</param>
/// <param name="PerRepeat">Per repeat finding, from the repeats component.</param>
/// <param name="PerRejection">Per rejected fix, from the rejections component.</param>
public sealed record RatingPenalties(decimal PerWeightedFinding, decimal PerRepeat, decimal PerRejection);

/// <summary>The lowest score that earns <paramref name="Stars"/> stars.</summary>
public sealed record StarThreshold(int Stars, decimal MinScore);

/// <summary>What happened in one zone in one month.</summary>
/// <param name="InspectionsDue">Weekly inspections whose week falls in the month.</param>
/// <param name="InspectionsOnTime">Of those, submitted before their visit window closed.</param>
/// <param name="FindingsBySeverity">Findings raised in the month, by severity.</param>
/// <param name="FindingsDue">Findings raised in the month whose deadline has passed or which were closed.</param>
/// <param name="FindingsClosedOnTime">Of those, closed by their deadline.</param>
/// <param name="Repeats">Findings raised in the month marked as repeats.</param>
/// <param name="Rejections">Fixes rejected in the month.</param>
public sealed record ZoneMonthFacts(
    int InspectionsDue,
    int InspectionsOnTime,
    IReadOnlyDictionary<Severity, int> FindingsBySeverity,
    int FindingsDue,
    int FindingsClosedOnTime,
    int Repeats,
    int Rejections);

/// <summary>The components of a zone's score, each 0..100.</summary>
public sealed record RatingComponents(decimal InspectionsOnTime, decimal Findings, decimal OnTimeClosure, decimal Repeats, decimal Rejections);

/// <summary>A zone's rating for a month.</summary>
public sealed record ZoneScore(int Stars, decimal Score, RatingComponents Components);
