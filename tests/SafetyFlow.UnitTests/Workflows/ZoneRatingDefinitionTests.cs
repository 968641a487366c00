using SafetyFlow.Workflows;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.UnitTests.Workflows;

public sealed class ZoneRatingDefinitionTests
{
    private static readonly ZoneRatingDefinition Rating = WorkflowLoader.LoadFolder(WorkflowFolder.RepoWorkflows).ZoneRating!;

    [Fact]
    public void The_repo_definition_loads_with_its_weights_penalties_and_thresholds()
    {
        Assert.Equal(new RatingWeights(30, 25, 25, 10, 10), Rating.Weights);
        Assert.Equal((1m, 5m), (Rating.SeverityWeights[Severity.General], Rating.SeverityWeights[Severity.Major]));
        Assert.Equal(new RatingPenalties(5, 25, 20), Rating.Penalties);
        Assert.Equal([0m, 60m, 75m, 85m, 95m], Rating.Stars.Select(s => s.MinScore));
        Assert.Equal([1, 2, 3, 4, 5], Rating.Stars.Select(s => s.Stars));
    }

    [Fact]
    public void A_month_with_everything_done_on_time_and_nothing_found_earns_five_stars()
    {
        var score = Rating.Rate(new ZoneMonthFacts(4, 4, new Dictionary<Severity, int>(), 0, 0, 0, 0));

        Assert.Equal((5, 100m), (score.Stars, score.Score));
    }

    [Fact]
    public void Each_component_is_computed_as_the_definition_says()
    {
        // 3 of 4 inspections on time: 75. Two general and one major: 100 - 5 x (2 + 5) = 65.
        // 2 of 3 due findings closed on time: 66.67. One repeat: 75. Two rejections: 60.
        var facts = new ZoneMonthFacts(4, 3, new Dictionary<Severity, int> { [Severity.General] = 2, [Severity.Major] = 1 }, 3, 2, 1, 2);

        var score = Rating.Rate(facts);

        Assert.Equal(new RatingComponents(75m, 65m, 66.67m, 75m, 60m), score.Components);

        // (2250 + 1625 + 25 x 66.666.. + 750 + 600) / 100 = 6891.67 / 100 = 68.92 -> two stars.
        Assert.Equal((2, 68.92m), (score.Stars, score.Score));
    }

    [Fact]
    public void Penalties_never_take_a_component_below_zero_and_a_threshold_score_earns_its_stars()
    {
        var many = Rating.Rate(new ZoneMonthFacts(1, 1, new Dictionary<Severity, int> { [Severity.Major] = 10 }, 0, 0, 9, 9));
        Assert.Equal((0m, 0m, 0m), (many.Components.Findings, many.Components.Repeats, many.Components.Rejections));

        // 30 + 25 + 10 + 10 + 25 x 80% closure = 95 exactly: five stars.
        var edge = Rating.Rate(new ZoneMonthFacts(1, 1, new Dictionary<Severity, int>(), 5, 4, 0, 0));
        Assert.Equal((5, 95m), (edge.Stars, edge.Score));
    }

    [Fact]
    public void The_rectification_definition_marks_repeats_in_the_same_zone_within_ninety_days()
    {
        var repeats = WorkflowLoader.LoadFolder(WorkflowFolder.RepoWorkflows).Rectification.Repeats;

        Assert.Equal(new RepeatPolicy(TimeSpan.FromDays(90), RepeatScope.Zone, RaiseSeverity: true), repeats);
    }

    [Fact]
    public void A_second_zone_rating_definition_is_refused()
    {
        using var folder = WorkflowFolder.CopyOfRepo();
        folder.Write("zz-rating.yaml", folder.Read(WorkflowFolder.ZoneRating).Replace("id: zone-rating", "id: zz-rating", StringComparison.Ordinal));

        var error = Assert.Single(folder.LoadErrors());

        Assert.Equal((folder.PathOf("zz-rating.yaml"), "kind"), (error.File, error.Field));
        Assert.Contains("only one zone rating definition", error.Message, StringComparison.Ordinal);
    }
}
