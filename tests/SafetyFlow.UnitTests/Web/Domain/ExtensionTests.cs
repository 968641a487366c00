using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Domain;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.UnitTests.Web.Domain;

/// <summary>Deadline extensions: one request per finding, at most fourteen days, decided by a supervisor over the zone.</summary>
public sealed class ExtensionTests
{
    private static readonly DateTimeOffset RaisedAt = FindingBuilder.DefaultRaisedAt;
    private static readonly DateTimeOffset Deadline = RaisedAt.AddDays(7);
    private static readonly DateTimeOffset Now = RaisedAt.AddDays(2);

    [Fact]
    public void An_owner_request_waits_for_a_supervisor_without_moving_the_deadline()
    {
        var finding = new FindingBuilder().Build();

        finding.RequestExtension(Rectification.Lifecycle, People.Owner, Deadline.AddDays(5), "Compressor on order", Now);

        Assert.Equal(new PendingExtension(Deadline.AddDays(5), "Compressor on order", People.Owner.UserId, Now), finding.PendingExtension);
        Assert.Equal((Deadline, 1), (finding.DueAt, finding.ExtensionRequests));
    }

    [Fact]
    public void Approving_an_extension_moves_the_deadline_and_restarts_the_ladder_from_it()
    {
        var finding = new FindingBuilder().Build();
        finding.RequestExtension(Rectification.Lifecycle, People.Owner, Deadline.AddDays(5), "Compressor on order", Now);

        finding.ApproveExtension(Rectification.Lifecycle, People.Supervisor, "Agreed", Now.AddHours(1));

        Assert.Equal(Deadline.AddDays(5), finding.DueAt);
        Assert.Null(finding.PendingExtension);
        Assert.Equal(Deadline.AddDays(4), finding.NextStepAt);
        Assert.False(finding.IsOverdueAt(Deadline.AddDays(1)));
    }

    [Fact]
    public void An_extension_approved_after_the_reminder_brings_the_reminder_back_before_the_new_deadline()
    {
        var finding = new FindingBuilder().Build();
        var atReminder = Deadline.AddDays(-1);
        Assert.Equal(0, finding.FireDueStep(Rectification.Definition, atReminder)?.Level);
        finding.RequestExtension(Rectification.Lifecycle, People.Owner, Deadline.AddDays(7), "Compressor on order", atReminder);
        finding.ApproveExtension(Rectification.Lifecycle, People.Supervisor, null, atReminder.AddHours(1));

        Assert.Null(finding.FireDueStep(Rectification.Definition, Deadline));
        Assert.Equal(0, finding.FireDueStep(Rectification.Definition, Deadline.AddDays(6))?.Level);
        Assert.Equal(1, finding.FireDueStep(Rectification.Definition, Deadline.AddDays(7))?.Level);
        Assert.Equal(["raise", "remind", "requestExtension", "approveExtension", "remind", "escalate"], finding.History.Select(h => h.Action));
    }

    [Theory]
    [InlineData("approveExtension")]
    [InlineData("declineExtension")]
    public void A_supervisor_over_the_zone_who_asked_for_the_extension_may_not_decide_it(string trigger)
    {
        var finding = new FindingBuilder().OwnedBy(People.OwningSupervisor).Build();
        finding.RequestExtension(Rectification.Lifecycle, People.OwningSupervisor, Deadline.AddDays(5), "Compressor on order", Now);

        var refused = Assert.Throws<ForbiddenActionException>(() => FindingActions.Fire(finding, trigger, People.OwningSupervisor, Now.AddHours(1)));

        Assert.Contains("asked for this extension", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(trigger, Rectification.Lifecycle.PermittedTriggers(finding, People.OwningSupervisor));
        Assert.Contains(trigger, Rectification.Lifecycle.PermittedTriggers(finding, People.Supervisor));
        Assert.NotNull(finding.PendingExtension);
    }

    [Theory]
    [InlineData("approveExtension")]
    [InlineData("declineExtension")]
    public void A_finding_under_a_definition_that_does_not_state_the_rule_still_refuses_its_requester(string trigger)
    {
        var definition = Rectification.Definition with
        {
            Transitions = [.. Rectification.Definition.Transitions.Select(t => t with { Guards = [.. t.Guards.Where(g => g != Guard.NotRequester)] })],
        };
        Assert.DoesNotContain(definition.Transitions, t => t.Guards.Contains(Guard.NotRequester));
        var lifecycle = new FindingLifecycle(definition);
        var finding = new FindingBuilder().OwnedBy(People.OwningSupervisor).Build();
        finding.RequestExtension(lifecycle, People.OwningSupervisor, Deadline.AddDays(5), "Compressor on order", Now);

        var refused = Assert.Throws<ForbiddenActionException>(() => lifecycle.Evaluate(finding, trigger, People.OwningSupervisor));

        Assert.Contains("asked for this extension", refused.Message, StringComparison.Ordinal);
        Assert.Contains(trigger, lifecycle.PermittedTriggers(finding, People.Supervisor));
    }

    [Fact]
    public void Declining_an_extension_keeps_the_deadline_and_the_ladder()
    {
        var finding = new FindingBuilder().Build();
        finding.RequestExtension(Rectification.Lifecycle, People.Owner, Deadline.AddDays(5), "Compressor on order", Now);

        finding.DeclineExtension(Rectification.Lifecycle, People.Supervisor, "Fix it now", Now.AddHours(1));

        Assert.Equal((Deadline, (DateTimeOffset?)Deadline.AddDays(-1), (PendingExtension?)null), (finding.DueAt, finding.NextStepAt, finding.PendingExtension));
        Assert.True(finding.IsOverdueAt(Deadline.AddMinutes(1)));
    }

    [Fact]
    public void Only_one_extension_may_be_requested_even_after_the_first_was_declined()
    {
        var finding = new FindingBuilder().WithExtensionDeclined().Build();

        var refusal = Assert.Throws<DomainException>(() =>
            finding.RequestExtension(Rectification.Lifecycle, People.Owner, Deadline.AddDays(3), "Please", Now));

        Assert.Contains("No further extension", refusal.Message, StringComparison.Ordinal);
        Assert.Equal((1, (PendingExtension?)null), (finding.ExtensionRequests, finding.PendingExtension));
    }

    [Fact]
    public void Only_one_extension_may_be_requested_even_after_the_first_was_approved()
    {
        var finding = new FindingBuilder().WithExtensionRequested(TimeSpan.FromDays(3)).Build();
        finding.ApproveExtension(Rectification.Lifecycle, People.Supervisor, null, Now);

        Assert.Throws<DomainException>(() =>
            finding.RequestExtension(Rectification.Lifecycle, People.Owner, finding.DueAt.AddDays(3), "Again", Now));
        Assert.Equal(Deadline.AddDays(3), finding.DueAt);
    }

    [Fact]
    public void A_second_request_while_the_first_waits_is_refused()
    {
        var finding = new FindingBuilder().WithExtensionRequested(TimeSpan.FromDays(3)).Build();

        var refusal = Assert.Throws<DomainException>(() =>
            finding.RequestExtension(Rectification.Lifecycle, People.Owner, Deadline.AddDays(10), "More", Now));

        Assert.Contains("already waiting", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(Deadline.AddDays(3), finding.PendingExtension?.DueAt);
    }

    [Theory]
    [InlineData(14 * 24 * 60, true)]
    [InlineData((14 * 24 * 60) + 1, false)]
    [InlineData(30 * 24 * 60, false)]
    [InlineData(1, true)]
    [InlineData(0, false)]
    [InlineData(-24 * 60, false)]
    public void A_request_must_move_the_deadline_later_by_at_most_fourteen_days(int minutesLater, bool accepted)
    {
        var finding = new FindingBuilder().Build();
        var requested = Deadline.AddMinutes(minutesLater);

        var refusal = Record.Exception(() => finding.RequestExtension(Rectification.Lifecycle, People.Owner, requested, "Parts", Now));

        if (accepted)
        {
            Assert.Null(refusal);
            Assert.Equal(requested, finding.PendingExtension?.DueAt);
        }
        else
        {
            Assert.IsType<DomainException>(refusal);
            Assert.Equal((0, (PendingExtension?)null), (finding.ExtensionRequests, finding.PendingExtension));
        }
    }

    [Fact]
    public void There_is_nothing_to_approve_or_decline_without_a_request()
    {
        var finding = new FindingBuilder().Build();

        var approve = Assert.Throws<DomainException>(() => finding.ApproveExtension(Rectification.Lifecycle, People.Supervisor, null, Now));
        var decline = Assert.Throws<DomainException>(() => finding.DeclineExtension(Rectification.Lifecycle, People.Supervisor, null, Now));

        Assert.All([approve, decline], e => Assert.Contains("no extension request waiting", e.Message, StringComparison.Ordinal));
        Assert.Equal(Deadline, finding.DueAt);
    }
    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(20)]
    public void Someone_other_than_the_owner_is_forbidden_whatever_deadline_they_ask_for(int daysLater)
    {
        var finding = new FindingBuilder().Build();

        Assert.Throws<ForbiddenActionException>(() =>
            finding.RequestExtension(Rectification.Lifecycle, People.OtherOwner, Deadline.AddDays(daysLater), "Mine now", Now));
        Assert.Throws<ForbiddenActionException>(() =>
            finding.RequestExtension(Rectification.Lifecycle, People.Member, Deadline.AddDays(daysLater), "Mine now", Now));
        Assert.Equal(0, finding.ExtensionRequests);
    }

    [Fact]
    public void After_the_one_request_is_used_the_owner_is_told_so_rather_than_to_ask_for_less()
    {
        var finding = new FindingBuilder().WithExtensionDeclined().Build();

        var refusal = Assert.Throws<DomainException>(() =>
            finding.RequestExtension(Rectification.Lifecycle, People.Owner, Deadline.AddDays(20), "Please", Now));

        Assert.Contains("No further extension", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_finding_refuses_an_extension_because_it_is_closed()
    {
        var finding = new FindingBuilder().Closed().Build();

        var refusal = Assert.Throws<DomainException>(() =>
            finding.RequestExtension(Rectification.Lifecycle, People.Owner, Deadline.AddDays(-1), "Late", Now));

        Assert.Contains("state Closed", refusal.Message, StringComparison.Ordinal);
    }
}
