using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.UnitTests.Web.Domain;

/// <summary>The rectification lifecycle of workflows/rectification.yaml: who may do what, in which state.</summary>
public sealed class FindingLifecycleTests
{
    private static readonly DateTimeOffset Now = FindingBuilder.DefaultRaisedAt.AddDays(2);

    /// <summary>Findings in the situations the tables below start from.</summary>
    private static readonly Dictionary<string, Func<Finding>> Situations = new()
    {
        ["open"] = () => new FindingBuilder().Build(),
        ["open major"] = () => new FindingBuilder().Major().Build(),
        ["open major with five fixes"] = () => new FindingBuilder().Major().WithFiveFixes().Build(),
        ["extension pending"] = () => new FindingBuilder().WithExtensionRequested(FindingActions.ExtensionAsked).Build(),
        ["extension used"] = () => new FindingBuilder().WithExtensionDeclined().Build(),
        ["fix submitted"] = () => new FindingBuilder().WithFixSubmitted().Build(),
        ["fix submitted, raised by sup-canteen"] = () => new FindingBuilder().RaisedBy(People.Supervisor).WithFixSubmitted().Build(),
        ["rejected"] = () => new FindingBuilder().Rejected().Build(),
        ["closed"] = () => new FindingBuilder().Closed().Build(),
    };

    [Theory]
    [InlineData("open", "fix", "owner-kitchen", "Open", "FixSubmitted")]
    [InlineData("rejected", "fix", "owner-kitchen", "Open", "FixSubmitted")]
    [InlineData("open major with five fixes", "fix", "owner-kitchen", "Open", "FixSubmitted")]
    [InlineData("fix submitted", "approve", "sup-canteen", "FixSubmitted", "Closed")]
    [InlineData("fix submitted", "approve", "leader1", "FixSubmitted", "Closed")]
    [InlineData("fix submitted", "reject", "sup-canteen", "FixSubmitted", "Open")]
    [InlineData("open", "recordFiveFixes", "owner-kitchen", "Open", "Open")]
    [InlineData("open major", "recordFiveFixes", "owner-kitchen", "Open", "Open")]
    [InlineData("open", "requestExtension", "owner-kitchen", "Open", "Open")]
    [InlineData("extension pending", "approveExtension", "sup-canteen", "Open", "Open")]
    [InlineData("extension pending", "declineExtension", "sup-canteen", "Open", "Open")]
    public void Every_legal_transition_succeeds_for_the_right_actor_and_is_written_to_the_history(
        string situation, string trigger, string actorName, string from, string to)
    {
        var finding = Situations[situation]();
        var actor = People.Named(actorName);
        var rowsBefore = finding.History.Count;

        FindingActions.Fire(finding, trigger, actor, Now);

        Assert.Equal(to, finding.State);
        Assert.Equal(rowsBefore + 1, finding.History.Count);
        var row = finding.History[^1];
        Assert.Equal(
            (trigger, from, to, actorName, actor.UserId, FindingActions.NoteFor(trigger), Now),
            (row.Action, row.From, row.To, row.ActorName, row.ActorId, row.Note, row.At));
    }

    [Theory]
    [InlineData("open", "approve", "sup-canteen")]
    [InlineData("open", "reject", "sup-canteen")]
    [InlineData("open", "approveExtension", "sup-canteen")]
    [InlineData("open", "declineExtension", "sup-canteen")]
    [InlineData("fix submitted", "fix", "owner-kitchen")]
    [InlineData("fix submitted", "recordFiveFixes", "owner-kitchen")]
    [InlineData("fix submitted", "requestExtension", "owner-kitchen")]
    [InlineData("fix submitted", "approveExtension", "sup-canteen")]
    [InlineData("fix submitted", "declineExtension", "sup-canteen")]
    [InlineData("closed", "fix", "owner-kitchen")]
    [InlineData("closed", "approve", "leader1")]
    [InlineData("closed", "reject", "leader1")]
    [InlineData("closed", "recordFiveFixes", "owner-kitchen")]
    [InlineData("closed", "requestExtension", "owner-kitchen")]
    [InlineData("closed", "approveExtension", "sup-canteen")]
    [InlineData("closed", "declineExtension", "sup-canteen")]
    public void An_action_the_current_state_does_not_allow_is_refused_and_changes_nothing(string situation, string trigger, string actorName)
    {
        var finding = Situations[situation]();
        var state = finding.State;
        var rows = finding.History.Count;

        Assert.Throws<DomainException>(() => FindingActions.Fire(finding, trigger, People.Named(actorName), Now));

        Assert.Equal((state, rows), (finding.State, finding.History.Count));
    }

    [Theory]
    [InlineData("open", "fix", "member-canteen")]
    [InlineData("open", "fix", "owner-electric")]
    [InlineData("open", "fix", "sup-canteen")]
    [InlineData("open", "recordFiveFixes", "owner-electric")]
    [InlineData("open", "recordFiveFixes", "sup-canteen")]
    [InlineData("open", "requestExtension", "owner-electric")]
    [InlineData("open", "requestExtension", "member-canteen")]
    [InlineData("fix submitted", "approve", "owner-kitchen")]
    [InlineData("fix submitted", "approve", "member-canteen")]
    [InlineData("fix submitted", "approve", "safety1")]
    [InlineData("fix submitted", "approve", "sup-dorm")]
    [InlineData("fix submitted", "reject", "owner-kitchen")]
    [InlineData("fix submitted", "reject", "sup-dorm")]
    [InlineData("extension pending", "approveExtension", "owner-kitchen")]
    [InlineData("extension pending", "approveExtension", "sup-dorm")]
    [InlineData("extension pending", "declineExtension", "safety1")]
    [InlineData("extension pending", "declineExtension", "sup-dorm")]
    public void An_action_by_the_wrong_role_or_the_wrong_person_is_forbidden_and_changes_nothing(string situation, string trigger, string actorName)
    {
        var finding = Situations[situation]();
        var (state, dueAt, rows) = (finding.State, finding.DueAt, finding.History.Count);

        Assert.Throws<ForbiddenActionException>(() => FindingActions.Fire(finding, trigger, People.Named(actorName), Now));

        Assert.Equal((state, dueAt, rows), (finding.State, finding.DueAt, finding.History.Count));
    }

    [Fact]
    public void An_owner_cannot_approve_their_own_fix()
    {
        var finding = new FindingBuilder().WithFixSubmitted().Build();

        var refusal = Assert.Throws<ForbiddenActionException>(() => finding.Approve(Rectification.Lifecycle, People.Owner, null, Now));

        Assert.Contains("'approve'", refusal.Message, StringComparison.Ordinal);
        Assert.Equal("FixSubmitted", finding.State);
    }

    [Fact]
    public void The_supervisor_who_raised_the_finding_can_neither_approve_nor_reject_its_fix_but_another_supervisor_can()
    {
        var finding = new FindingBuilder().RaisedBy(People.Supervisor).WithFixSubmitted().Build();

        var approve = Assert.Throws<ForbiddenActionException>(() => finding.Approve(Rectification.Lifecycle, People.Supervisor, null, Now));
        var reject = Assert.Throws<ForbiddenActionException>(() => finding.Reject(Rectification.Lifecycle, People.Supervisor, "No", Now));
        finding.Approve(Rectification.Lifecycle, People.Leader, null, Now);

        Assert.All([approve, reject], e => Assert.Contains("you raised this finding", e.Message, StringComparison.Ordinal));
        Assert.Equal(("Closed", People.Leader.UserId), (finding.State, finding.ClosedById));
    }

    [Fact]
    public void The_supervisor_who_submitted_the_fix_cannot_approve_or_reject_it_but_another_supervisor_can()
    {
        var finding = new FindingBuilder().OwnedBy(People.OwningSupervisor).WithFixSubmitted().Build();

        var approve = Assert.Throws<ForbiddenActionException>(() => finding.Approve(Rectification.Lifecycle, People.OwningSupervisor, null, Now));
        var reject = Assert.Throws<ForbiddenActionException>(() => finding.Reject(Rectification.Lifecycle, People.OwningSupervisor, "No", Now));
        finding.Approve(Rectification.Lifecycle, People.Supervisor, null, Now);

        Assert.All([approve, reject], e => Assert.Contains("you submitted this fix", e.Message, StringComparison.Ordinal));
        Assert.Equal(("Closed", People.Supervisor.UserId), (finding.State, finding.ClosedById));
    }

    [Fact]
    public void A_supervisor_not_over_the_zone_cannot_decide_on_a_fix()
    {
        var finding = new FindingBuilder().WithFixSubmitted().Build();

        var approve = Assert.Throws<ForbiddenActionException>(() => finding.Approve(Rectification.Lifecycle, People.SupervisorElsewhere, null, Now));
        var reject = Assert.Throws<ForbiddenActionException>(() => finding.Reject(Rectification.Lifecycle, People.SupervisorElsewhere, "No", Now));

        Assert.All([approve, reject], e => Assert.Contains("supervisor over the finding's zone", e.Message, StringComparison.Ordinal));
        Assert.Equal("FixSubmitted", finding.State);
    }

    [Fact]
    public void A_member_cannot_submit_a_fix()
    {
        var finding = new FindingBuilder().Build();

        var refusal = Assert.Throws<ForbiddenActionException>(() => finding.SubmitFix(Rectification.Lifecycle, People.Member, "Done", Now));

        Assert.Contains("'fix'", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(("Open", (Guid?)null), (finding.State, finding.FixedById));
    }

    [Theory]
    [InlineData("open", "owner-kitchen", new[] { "fix", "requestExtension", "recordFiveFixes" })]
    [InlineData("open", "owner-electric", new string[0])]
    [InlineData("open", "member-canteen", new string[0])]
    [InlineData("open", "sup-canteen", new string[0])]
    [InlineData("open major", "owner-kitchen", new[] { "requestExtension", "recordFiveFixes" })]
    [InlineData("open major with five fixes", "owner-kitchen", new[] { "fix", "requestExtension", "recordFiveFixes" })]
    [InlineData("extension pending", "owner-kitchen", new[] { "fix", "recordFiveFixes" })]
    [InlineData("extension pending", "sup-canteen", new[] { "approveExtension", "declineExtension" })]
    [InlineData("extension pending", "sup-dorm", new string[0])]
    [InlineData("extension used", "owner-kitchen", new[] { "fix", "recordFiveFixes" })]
    [InlineData("fix submitted", "sup-canteen", new[] { "approve", "reject" })]
    [InlineData("fix submitted", "leader1", new[] { "approve", "reject" })]
    [InlineData("fix submitted", "owner-kitchen", new string[0])]
    [InlineData("fix submitted", "sup-dorm", new string[0])]
    [InlineData("fix submitted", "safety1", new string[0])]
    [InlineData("fix submitted, raised by sup-canteen", "sup-canteen", new string[0])]
    [InlineData("closed", "sup-canteen", new string[0])]
    [InlineData("closed", "owner-kitchen", new string[0])]
    public void Permitted_triggers_list_exactly_what_the_actor_may_do_now(string situation, string actorName, string[] expected)
    {
        var finding = Situations[situation]();

        var permitted = Rectification.Lifecycle.PermittedTriggers(finding, People.Named(actorName));

        Assert.Equal(expected.Order(), permitted.Order());
    }

    [Fact]
    public void Every_permitted_trigger_can_actually_be_fired()
    {
        foreach (var (situation, build) in Situations)
        {
            foreach (var actor in new[] { People.Owner, People.Supervisor, People.Leader, People.Member })
            {
                foreach (var trigger in Rectification.Lifecycle.PermittedTriggers(build(), actor))
                {
                    var finding = build();
                    var exception = Record.Exception(() => FindingActions.Fire(finding, trigger, actor, Now));
                    Assert.True(exception is null, $"{situation}: {actor.UserName} was offered '{trigger}' but got: {exception?.Message}");
                }
            }
        }
    }

    [Fact]
    public void The_mermaid_diagram_shows_every_state_and_every_trigger()
    {
        var mermaid = Rectification.Lifecycle.ToMermaid();

        Assert.StartsWith("stateDiagram", mermaid, StringComparison.Ordinal);
        Assert.Equal(["Closed", "FixSubmitted", "Open"], Rectification.Definition.States.Select(s => s.Name).Order());
        Assert.All(Rectification.Definition.States, s => Assert.Contains(s.Name, mermaid, StringComparison.Ordinal));
        Assert.All(Rectification.Definition.Transitions, t => Assert.Contains(t.Trigger, mermaid, StringComparison.Ordinal));
    }
}
