using FluentValidation;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.UnitTests.Features.Findings;

/// <summary>The lifecycle actions as use cases, without HTTP: who may see, who may act, which state allows it, what input is read.</summary>
public sealed class FindingActionTests : IAsyncLifetime
{
    private const string Language = "en";
    private TwoUnitOrganisation _org = null!;

    public FindingActionTests() => ValidationExtensions.UseCamelCasePropertyNames();

    private static Viewer Owner => ViewerOf(People.Owner);

    /// <summary>The canteen supervisor who decides in <see cref="FindingBuilder"/>, over the kitchen and not the dormitories.</summary>
    private Viewer CanteenSupervisor => new(People.Supervisor.UserId, People.Supervisor.UserName, new HashSet<Role> { Role.Supervisor }, new HashSet<Guid> { _org.Canteen.Id });

    public async Task InitializeAsync() => _org = await TwoUnitOrganisation.CreateAsync();

    public async Task DisposeAsync() => await _org.DisposeAsync();

    [Fact]
    public async Task The_owner_submits_a_fix_and_the_finding_waits_for_acceptance()
    {
        var finding = await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder());

        var result = await SubmitFix().HandleAsync(new SubmitFixRequest(finding.Id, "Thermostat replaced", Owner, Language), CancellationToken.None);

        Assert.Equal(("FixSubmitted", "Thermostat replaced"), (result.Value.State, result.Value.FixNote));
        Assert.Equal("fix", result.Value.History[^1].Action);
        Assert.Equal("FixSubmitted", await StateAsync(finding.Id));
    }

    [Fact]
    public async Task A_supervisor_over_the_zone_accepts_a_fix_and_closes_the_finding()
    {
        var finding = await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder().WithFixSubmitted());

        var result = await ApproveFix().HandleAsync(new ApproveFixRequest(finding.Id, "Checked", CanteenSupervisor, Language), CancellationToken.None);

        Assert.Equal("Closed", result.Value.State);
        Assert.Equal("Closed", await StateAsync(finding.Id));
    }

    [Fact]
    public async Task A_finding_outside_the_viewers_scope_is_not_found_whatever_its_state()
    {
        var waiting = await _org.AddFindingAsync(_org.DormitoryA, new FindingBuilder().WithFixSubmitted());
        var closed = await _org.AddFindingAsync(_org.DormitoryA, new FindingBuilder().Closed());
        var open = await _org.AddFindingAsync(_org.DormitoryA, new FindingBuilder());

        foreach (var id in new[] { waiting.Id, closed.Id, open.Id, Guid.NewGuid() })
        {
            var approve = await ApproveFix().HandleAsync(new ApproveFixRequest(id, null, CanteenSupervisor, Language), CancellationToken.None);
            var fix = await SubmitFix().HandleAsync(new SubmitFixRequest(id, "done", ViewerOf(People.OtherOwner), Language), CancellationToken.None);
            Assert.IsType<Failure.NotFound>(approve.Failure);
            Assert.IsType<Failure.NotFound>(fix.Failure);
        }

        Assert.Equal(("FixSubmitted", "Closed", "Open"), (await StateAsync(waiting.Id), await StateAsync(closed.Id), await StateAsync(open.Id)));
    }

    [Fact]
    public async Task The_owner_may_see_their_finding_but_may_not_accept_its_fix()
    {
        var finding = await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder().WithFixSubmitted());

        var result = await ApproveFix().HandleAsync(new ApproveFixRequest(finding.Id, null, Owner, Language), CancellationToken.None);

        var forbidden = Assert.IsType<Failure.Forbidden>(result.Failure);
        Assert.Contains("approve", forbidden.Detail, StringComparison.Ordinal);
        Assert.Equal("FixSubmitted", await StateAsync(finding.Id));
    }

    [Fact]
    public async Task Accepting_a_fix_that_was_never_submitted_is_a_conflict_naming_the_state()
    {
        var finding = await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder());

        var result = await ApproveFix().HandleAsync(new ApproveFixRequest(finding.Id, null, CanteenSupervisor, Language), CancellationToken.None);

        var conflict = Assert.IsType<Failure.Conflict>(result.Failure);
        Assert.Equal(FindingChanges.WrongStateTitle, conflict.Title);
        Assert.Contains("Open", conflict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supervisor_who_owns_the_finding_may_not_decide_their_own_extension_request_but_another_may()
    {
        _org.Db.Users.Add(new AppUser { Id = People.OwningSupervisor.UserId, UserName = People.OwningSupervisor.UserName, DisplayName = "Zhao Lei" });
        await _org.Db.SaveChangesAsync();
        var finding = await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder().OwnedBy(People.OwningSupervisor));
        var owningSupervisor = new Viewer(
            People.OwningSupervisor.UserId, People.OwningSupervisor.UserName, new HashSet<Role> { Role.Owner, Role.Supervisor }, new HashSet<Guid> { _org.Canteen.Id });
        var asked = await RequestExtension().HandleAsync(
            new RequestExtensionRequest(finding.Id, finding.DueAt.AddDays(3), "Compressor on order", owningSupervisor, Language), CancellationToken.None);
        Assert.DoesNotContain(asked.Value.AllowedActions, t => t is "approveExtension" or "declineExtension");

        var approve = await ApproveExtension().HandleAsync(new ApproveExtensionRequest(finding.Id, null, owningSupervisor, Language), CancellationToken.None);
        var decline = await DeclineExtension().HandleAsync(new DeclineExtensionRequest(finding.Id, null, owningSupervisor, Language), CancellationToken.None);
        Assert.Contains("asked for this extension", Assert.IsType<Failure.Forbidden>(approve.Failure).Detail, StringComparison.Ordinal);
        Assert.Contains("asked for this extension", Assert.IsType<Failure.Forbidden>(decline.Failure).Detail, StringComparison.Ordinal);

        var decided = await ApproveExtension().HandleAsync(new ApproveExtensionRequest(finding.Id, "Agreed", CanteenSupervisor, Language), CancellationToken.None);
        Assert.Equal(finding.DueAt.AddDays(3), decided.Value.DueAt);
    }

    [Fact]
    public async Task Input_it_cannot_read_is_refused_under_the_field_before_the_finding_is_touched()
    {
        var finding = await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder());

        var fix = await SubmitFix().HandleAsync(new SubmitFixRequest(finding.Id, " ", Owner, Language), CancellationToken.None);
        var extension = await RequestExtension().HandleAsync(new RequestExtensionRequest(finding.Id, null, "parts", Owner, Language), CancellationToken.None);
        var farAway = await RequestExtension().HandleAsync(
            new RequestExtensionRequest(finding.Id, new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero), "parts", Owner, Language), CancellationToken.None);
        var reject = await RejectFix().HandleAsync(new RejectFixRequest(finding.Id, "still\0broken", CanteenSupervisor, Language), CancellationToken.None);

        Assert.Equal(["note"], Assert.IsType<Failure.Invalid>(fix.Failure).Errors.Keys);
        Assert.Equal(["dueAt"], Assert.IsType<Failure.Invalid>(extension.Failure).Errors.Keys);
        Assert.Contains("2000 to 2100", Assert.Single(Assert.IsType<Failure.Invalid>(farAway.Failure).Errors["dueAt"]), StringComparison.Ordinal);
        Assert.Contains("NUL", Assert.Single(Assert.IsType<Failure.Invalid>(reject.Failure).Errors["reason"]), StringComparison.Ordinal);
        Assert.Equal("Open", await StateAsync(finding.Id));
    }

    [Fact]
    public async Task Of_two_supervisors_deciding_at_once_the_second_to_save_is_told_the_finding_changed_meanwhile()
    {
        var finding = await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder().WithFixSubmitted());
        await using var secondDb = _org.SecondContext();
        var second = new ApproveFix(new ApproveFixRequestValidator(), Changes(secondDb));
        var leader = new Viewer(People.Leader.UserId, People.Leader.UserName, new HashSet<Role> { Role.Supervisor }, new HashSet<Guid> { _org.Canteen.Id });
        Result<FindingView>? secondResult = null;

        var first = await Changes(_org.Db).ApplyAsync(finding.Id, CanteenSupervisor, Language, (loaded, lifecycle, actor, now) =>
        {
            // The first has read the finding; the second reads it too and saves first.
            Assert.Equal("FixSubmitted", loaded.State);
            secondResult = second.HandleAsync(new ApproveFixRequest(finding.Id, "b", leader, Language), CancellationToken.None).GetAwaiter().GetResult();
            loaded.Approve(lifecycle, actor, "a", now);
        }, CancellationToken.None);

        Assert.Equal("Closed", secondResult!.Value.Value.State);
        Assert.Equal(FindingChanges.ChangedMeanwhileTitle, Assert.IsType<Failure.Conflict>(first.Failure).Title);
        await using var check = _org.SecondContext();
        Assert.Single(await check.FindingTransitions.Where(t => t.FindingId == finding.Id && t.Action == "approve").ToListAsync());
    }

    private static Viewer ViewerOf(FindingActor person) => new(person.UserId, person.UserName, person.Roles, new HashSet<Guid>());

    private FindingChanges Changes(SafetyFlowDbContext db) => new(db, _org.Workflows, new FindingReader(db, _org.Workflows, _org.Clock), _org.Clock, Texts<FindingChanges>());

    /// <summary>The texts the app's localisation gives a type: <see cref="Ui"/>'s, in the test's (English) UI culture.</summary>
    private static Microsoft.Extensions.Localization.StringLocalizer<T> Texts<T>() => new(new UiLocalizerFactory());

    private SubmitFix SubmitFix() => new(new SubmitFixRequestValidator(), Changes(_org.Db), _org.Db);

    private ApproveFix ApproveFix() => new(new ApproveFixRequestValidator(), Changes(_org.Db));

    private RejectFix RejectFix() => new(new RejectFixRequestValidator(), Changes(_org.Db));

    private RequestExtension RequestExtension() => new(new RequestExtensionRequestValidator(Texts<RequestExtensionRequest>()), Changes(_org.Db));

    private ApproveExtension ApproveExtension() => new(new ApproveExtensionRequestValidator(), Changes(_org.Db));

    private DeclineExtension DeclineExtension() => new(new DeclineExtensionRequestValidator(), Changes(_org.Db));

    private async Task<string> StateAsync(Guid id) =>
        await _org.Db.Findings.AsNoTracking().Where(f => f.Id == id).Select(f => f.State).SingleAsync();
}
