using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.UnitTests.Web.Domain;

/// <summary>Raising a finding, its deadline, the five fixes of a major finding, fixing and accepting.</summary>
public sealed class FindingTests
{
    private static readonly DateTimeOffset RaisedAt = FindingBuilder.DefaultRaisedAt;

    [Fact]
    public void A_general_finding_is_open_for_its_owner_with_a_deadline_seven_days_after_raising()
    {
        var finding = new FindingBuilder().Build();

        Assert.Equal(("Open", People.Owner.UserId, RaisedAt.AddDays(7)), (finding.State, finding.OwnerId, finding.DueAt));
        var row = Assert.Single(finding.History);
        Assert.Equal(("raise", "", "Open", "member-canteen", RaisedAt), (row.Action, row.From, row.To, row.ActorName, row.At));
    }

    [Fact]
    public void A_major_finding_is_due_twenty_four_hours_after_raising()
    {
        var finding = new FindingBuilder().Major().Build();

        Assert.Equal(("Open", RaisedAt.AddHours(24)), (finding.State, finding.DueAt));
    }

    [Fact]
    public void A_general_finding_fixed_on_the_spot_waits_for_acceptance_as_fixed_by_the_member()
    {
        var finding = new FindingBuilder().FixedOnSpot().Build();

        Assert.Equal(
            ("FixSubmitted", People.Member.UserId, (DateTimeOffset?)RaisedAt, "Fridge at 9.5 °C"),
            (finding.State, finding.FixedById, finding.FixSubmittedAt, finding.FixNote));
        var row = Assert.Single(finding.History);
        Assert.Equal(("raiseFixedOnSpot", "", "FixSubmitted", "member-canteen"), (row.Action, row.From, row.To, row.ActorName));

        finding.Approve(Rectification.Lifecycle, People.Supervisor, null, RaisedAt.AddHours(1));
        Assert.Equal("Closed", finding.State);
    }

    [Fact]
    public void A_major_finding_cannot_be_marked_fixed_on_the_spot()
    {
        var refusal = Assert.Throws<DomainException>(() => new FindingBuilder().Major().FixedOnSpot().Build());

        Assert.Contains("major finding cannot be marked fixed on the spot", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_major_finding_refuses_a_fix_until_its_five_fixes_are_recorded()
    {
        var finding = new FindingBuilder().Major().Build();

        var refusal = Assert.Throws<DomainException>(() => finding.SubmitFix(Rectification.Lifecycle, People.Owner, "Done", RaisedAt.AddHours(1)));
        Assert.Contains("five fixes", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(("Open", (Guid?)null), (finding.State, finding.FixedById));

        var plan = FindingBuilder.FiveFixesPlan(RaisedAt.AddHours(2));
        finding.RecordFiveFixes(Rectification.Lifecycle, People.Owner, plan, RaisedAt.AddHours(2));
        finding.SubmitFix(Rectification.Lifecycle, People.Owner, "Compressor replaced", RaisedAt.AddHours(3));

        Assert.Equal(("FixSubmitted", plan), (finding.State, finding.FiveFixes));
        Assert.Equal(["raise", "recordFiveFixes", "fix"], finding.History.Select(h => h.Action));
    }

    [Fact]
    public void A_general_finding_can_be_fixed_without_five_fixes()
    {
        var finding = new FindingBuilder().Build();

        finding.SubmitFix(Rectification.Lifecycle, People.Owner, "Thermostat replaced", RaisedAt.AddHours(1));

        Assert.Equal(("FixSubmitted", (Guid?)People.Owner.UserId, (DateTimeOffset?)RaisedAt.AddHours(1), "Thermostat replaced"),
            (finding.State, finding.FixedById, finding.FixSubmittedAt, finding.FixNote));
    }

    [Fact]
    public void Approving_a_fix_closes_the_finding_with_who_and_when()
    {
        var finding = new FindingBuilder().WithFixSubmitted().Build();
        var at = RaisedAt.AddDays(1);

        finding.Approve(Rectification.Lifecycle, People.Supervisor, "Checked", at);

        Assert.Equal(("Closed", true, (DateTimeOffset?)at, (Guid?)People.Supervisor.UserId), (finding.State, finding.IsClosed, finding.ClosedAt, finding.ClosedById));
    }

    [Fact]
    public void A_rejected_fix_goes_back_to_the_owner_and_is_counted()
    {
        var finding = new FindingBuilder().Rejected().Build();

        Assert.Equal(("Open", 1, false), (finding.State, finding.Rejections, finding.IsClosed));

        finding.SubmitFix(Rectification.Lifecycle, People.Owner, "Second try", RaisedAt.AddDays(1));
        finding.Reject(Rectification.Lifecycle, People.Supervisor, "Still warm", RaisedAt.AddDays(1).AddHours(1));
        Assert.Equal(2, finding.Rejections);
        Assert.Equal(["raise", "fix", "reject", "fix", "reject"], finding.History.Select(h => h.Action));
    }

    [Fact]
    public void A_finding_is_overdue_only_after_its_deadline_and_never_once_closed()
    {
        var open = new FindingBuilder().Build();
        var closed = new FindingBuilder().Closed().Build();

        Assert.False(open.IsOverdueAt(open.DueAt));
        Assert.True(open.IsOverdueAt(open.DueAt.AddTicks(1)));
        Assert.False(closed.IsOverdueAt(closed.DueAt.AddDays(30)));
    }
}
