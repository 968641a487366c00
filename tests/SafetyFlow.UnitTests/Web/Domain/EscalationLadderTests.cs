using Microsoft.Extensions.Time.Testing;
using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.UnitTests.Web.Domain;

/// <summary>
/// The escalation ladder of rectification.yaml on a simulated clock: a reminder a day before the deadline, level 1 at it,
/// level 2 two days later, level 3 (formal supervision) a week later, each fired once.
/// </summary>
public sealed class EscalationLadderTests
{
    private static readonly DateTimeOffset T = FindingBuilder.DefaultRaisedAt;

    private readonly FakeTimeProvider _clock = new(T);

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public void Nothing_fires_in_the_first_six_days_of_a_general_finding()
    {
        var finding = new FindingBuilder().RaisedAt(Now).Build();

        _clock.Advance(TimeSpan.FromDays(6) - TimeSpan.FromTicks(1));

        Assert.Null(finding.FireDueStep(Rectification.Definition, Now));
        Assert.Equal((0, false), (finding.EscalationLevel, finding.Supervised));
        Assert.Single(finding.History);
    }

    [Fact]
    public void A_general_finding_climbs_the_ladder_at_six_seven_nine_and_fourteen_days_and_then_stops()
    {
        var finding = new FindingBuilder().RaisedAt(Now).Build();
        var fired = new List<(double Day, int Level, bool Supervised)>();

        // Hour by hour for five weeks, as a sweep running every hour would see it.
        for (var hour = 1; hour <= 35 * 24; hour++)
        {
            _clock.Advance(TimeSpan.FromHours(1));
            if (finding.FireDueStep(Rectification.Definition, Now) is { } step)
            {
                fired.Add(((Now - T).TotalDays, step.Level, finding.Supervised));
            }
        }

        Assert.Equal([(6, 0, false), (7, 1, false), (9, 2, false), (14, 3, true)], fired);
        Assert.Equal((3, true, (DateTimeOffset?)null), (finding.EscalationLevel, finding.Supervised, finding.NextStepAt));
    }

    [Theory]
    [InlineData(6, 0, "remind", false)]
    [InlineData(7, 1, "escalate", false)]
    [InlineData(9, 2, "escalate", false)]
    [InlineData(14, 3, "escalate", true)]
    public void Each_step_fires_once_at_its_time_even_when_asked_twice(int day, int level, string action, bool supervised)
    {
        var finding = new FindingBuilder().RaisedAt(Now).Build();
        _clock.Advance(TimeSpan.FromDays(day));

        // The steps below this one are due as well and come first.
        for (var below = 0; below < level; below++)
        {
            Assert.Equal(below, finding.FireDueStep(Rectification.Definition, Now)?.Level);
        }

        var step = finding.FireDueStep(Rectification.Definition, Now);
        var again = finding.FireDueStep(Rectification.Definition, Now);

        Assert.Equal((level, supervised), (step?.Level, finding.Supervised));
        Assert.Null(again);
        Assert.Equal(level, finding.EscalationLevel);
        var row = finding.History[^1];
        Assert.Equal((action, "Open", "Open", "system", (Guid?)null, Now), (row.Action, row.From, row.To, row.ActorName, row.ActorId, row.At));
        Assert.StartsWith($"level {level}:", row.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Called_long_after_the_deadline_the_steps_fire_one_per_call_in_order()
    {
        var finding = new FindingBuilder().RaisedAt(Now).Build();
        _clock.Advance(TimeSpan.FromDays(60));

        var levels = Enumerable.Range(0, 6).Select(_ => finding.FireDueStep(Rectification.Definition, Now)?.Level).ToList();

        Assert.Equal([0, 1, 2, 3, null, null], levels);
        Assert.Equal(["raise", "remind", "escalate", "escalate", "escalate"], finding.History.Select(h => h.Action));
        Assert.True(finding.Supervised);
    }

    [Fact]
    public void The_next_step_time_follows_the_ladder()
    {
        var finding = new FindingBuilder().RaisedAt(Now).Build();
        var scheduled = new List<DateTimeOffset?> { finding.NextStepAt };
        _clock.Advance(TimeSpan.FromDays(60));

        while (finding.FireDueStep(Rectification.Definition, Now) is not null)
        {
            scheduled.Add(finding.NextStepAt);
        }

        Assert.Equal([T.AddDays(6), T.AddDays(7), T.AddDays(9), T.AddDays(14), null], scheduled);
    }

    [Fact]
    public void A_major_finding_skips_the_reminder_that_was_already_due_when_it_was_raised()
    {
        var finding = new FindingBuilder().Major().RaisedAt(Now).Build();

        Assert.Equal(T.AddHours(24), finding.NextStepAt);
        Assert.Null(finding.FireDueStep(Rectification.Definition, Now));

        _clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(1, finding.FireDueStep(Rectification.Definition, Now)?.Level);
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(2, finding.FireDueStep(Rectification.Definition, Now)?.Level);
        _clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal(3, finding.FireDueStep(Rectification.Definition, Now)?.Level);
        Assert.DoesNotContain(finding.History, h => h.Action == "remind");
    }

    [Fact]
    public void A_closed_finding_fires_nothing_however_late_it_gets()
    {
        var finding = new FindingBuilder().RaisedAt(Now).Closed().Build();

        _clock.Advance(TimeSpan.FromDays(60));

        Assert.Null(finding.FireDueStep(Rectification.Definition, Now));
        Assert.Equal(((DateTimeOffset?)null, 0, false), (finding.NextStepAt, finding.EscalationLevel, finding.Supervised));
        Assert.Equal(["raise", "fix", "approve"], finding.History.Select(h => h.Action));
    }

    [Fact]
    public void A_finding_closed_after_escalating_stops_climbing()
    {
        var finding = new FindingBuilder().RaisedAt(Now).Build();
        _clock.Advance(TimeSpan.FromDays(7));
        finding.FireDueStep(Rectification.Definition, Now);
        finding.FireDueStep(Rectification.Definition, Now);
        finding.SubmitFix(Rectification.Lifecycle, People.Owner, "Fixed late", Now);
        finding.Approve(Rectification.Lifecycle, People.Supervisor, null, Now);

        _clock.Advance(TimeSpan.FromDays(30));

        Assert.Null(finding.FireDueStep(Rectification.Definition, Now));
        Assert.Equal((1, false), (finding.EscalationLevel, finding.Supervised));
    }

    [Fact]
    public void A_finding_is_not_overdue_at_its_deadline_and_is_overdue_just_after()
    {
        var finding = new FindingBuilder().RaisedAt(Now).Build();

        _clock.Advance(TimeSpan.FromDays(7));
        Assert.False(finding.IsOverdueAt(Now));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(finding.IsOverdueAt(Now));
    }
}
