using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.UnitTests.Web.Domain;

/// <summary>A finding says what happened to it, for the handlers that run when the change is saved.</summary>
public sealed class FindingEventsTests
{
    private static readonly DateTimeOffset RaisedAt = FindingBuilder.DefaultRaisedAt;

    [Fact]
    public void Raising_fixing_and_a_ladder_step_are_told_once_each_in_order()
    {
        var finding = new FindingBuilder().Build();
        Assert.Equal([new FindingRaised(RaisedAt)], finding.TakeEvents());
        Assert.Empty(finding.Events);

        finding.SubmitFix(Rectification.Lifecycle, People.Owner, "replaced", RaisedAt.AddHours(1));
        finding.Reject(Rectification.Lifecycle, People.Supervisor, "still loose", RaisedAt.AddHours(2));
        Assert.Equal(
            [new FindingTransitioned("fix", "Open", "replaced", RaisedAt.AddHours(1)), new FindingTransitioned("reject", "FixSubmitted", "still loose", RaisedAt.AddHours(2))],
            finding.TakeEvents());

        var step = finding.FireDueStep(Rectification.Lifecycle.Definition, finding.DueAt);
        Assert.NotNull(step);
        Assert.Equal([new LadderStepFired(step, finding.DueAt)], finding.TakeEvents());
    }

    [Fact]
    public void A_refused_action_tells_nothing()
    {
        var finding = new FindingBuilder().Build();
        finding.TakeEvents();

        Assert.ThrowsAny<Exception>(() => finding.Approve(Rectification.Lifecycle, People.Supervisor, null, RaisedAt.AddHours(1)));
        Assert.Empty(finding.Events);
    }
}
