using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.UnitTests.Features.Inspections;

/// <summary>Submitting a checklist as a use case, without HTTP: what is stored, what is refused and in which order.</summary>
public sealed class SubmitInspectionTests : IAsyncLifetime
{
    private TwoUnitOrganisation _org = null!;
    private ExtinguisherInspections _inspections = null!;
    private Inspection _kitchen = null!;

    public async Task InitializeAsync()
    {
        // Field paths as the app names them: results[3].value, units[0].key.
        ValidationExtensions.UseCamelCasePropertyNames();
        _org = await TwoUnitOrganisation.CreateAsync();
        _inspections = new ExtinguisherInspections(_org);
        _kitchen = await _inspections.AddAsync(_org.Kitchen);
    }

    public async Task DisposeAsync() => await _org.DisposeAsync();

    [Fact]
    public async Task A_clean_checklist_is_stored_with_every_answer_and_raises_nothing()
    {
        var result = await SubmitAsync(ExtinguisherInspections.Member, _inspections.Answers(_org.Kitchen));

        Assert.Empty(result.Value.Findings);
        var stored = await _org.Db.Inspections.Include(i => i.Results).SingleAsync(i => i.Id == _kitchen.Id);
        Assert.Equal((_org.Clock.GetUtcNow(), ExtinguisherInspections.Member.UserId), (stored.SubmittedAt!.Value, stored.SubmittedById!.Value));
        Assert.Equal(2 * _inspections.Checklist.Items.Length, stored.Results.Count);
        Assert.Empty(await _org.Db.Findings.ToListAsync());
    }

    [Fact]
    public async Task A_failed_item_becomes_a_finding_for_the_assets_owner_with_the_photo_taken_at_it()
    {
        var failed = $"{_org.Kitchen.Key}-ext-2";
        var answers = _inspections.Answers(_org.Kitchen, r => r.Asset == failed && r.ItemId == "in-place" ? r with { Outcome = "fail", Note = "missing" } : r);
        var photo = new DefectPhoto(failed, "in-place", new StoredImage(Guid.NewGuid(), "image/jpeg", 1234, "2026/11/a.jpg", "2026/11/a.thumb.jpg"));

        var result = await SubmitAsync(ExtinguisherInspections.Member, answers, [photo]);

        var finding = await _org.Db.Findings.SingleAsync(f => f.Id == Assert.Single(result.Value.Findings));
        Assert.Equal(("in-place", People.Owner.UserId, "missing"), (finding.ItemId, finding.OwnerId, finding.Note));
        var stored = await _org.Db.Photos.SingleAsync();
        Assert.Equal((_kitchen.Id, "in-place", PhotoPurpose.Defect), (stored.InspectionId, stored.ItemId, stored.Purpose));
    }

    [Fact]
    public async Task A_reading_outside_its_limits_stated_as_a_pass_is_refused_at_its_outcome_and_nothing_is_stored()
    {
        var answers = _inspections.Answers(_org.Kitchen);
        var index = answers.FindIndex(r => r.ItemId == "gauge-pressure");
        answers[index] = answers[index] with { Value = 0.2m, Outcome = "pass" };
        var photo = new DefectPhoto(answers[index].Asset!, "gauge-pressure", new StoredImage(Guid.NewGuid(), "image/png", 10, "p.png", "p.thumb.png"));

        var result = await SubmitAsync(ExtinguisherInspections.Member, answers, [photo]);

        var invalid = Assert.IsType<Failure.Invalid>(result.Failure);
        Assert.Equal([$"results[{index}].outcome"], invalid.Errors.Keys);
        Assert.Contains("outside the limits", Assert.Single(invalid.Errors[$"results[{index}].outcome"]), StringComparison.Ordinal);
        Assert.Equal("The checklist answers are not valid; nothing was stored.", invalid.Title);
        Assert.Null((await _org.Db.Inspections.SingleAsync(i => i.Id == _kitchen.Id)).SubmittedAt);
        Assert.Empty(await _org.Db.Photos.ToListAsync());
    }

    [Fact]
    public async Task Answers_of_the_wrong_shape_are_refused_by_field_before_anything_is_read()
    {
        var answers = _inspections.Answers(_org.Kitchen);
        answers[1] = answers[1] with { ItemId = "", Outcome = "maybe" };

        var result = await SubmitAsync(ExtinguisherInspections.OtherMember, answers);

        var invalid = Assert.IsType<Failure.Invalid>(result.Failure);
        Assert.Equal(["results[1].itemId", "results[1].outcome"], invalid.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.IsType<Failure.Invalid>((await SubmitAsync(ExtinguisherInspections.Member, [])).Failure);
    }

    [Fact]
    public async Task A_missing_answer_is_refused_under_results()
    {
        var answers = _inspections.Answers(_org.Kitchen);
        answers.RemoveAt(0);

        var invalid = Assert.IsType<Failure.Invalid>((await SubmitAsync(ExtinguisherInspections.Member, answers)).Failure);

        Assert.Contains("1 missing", Assert.Single(invalid.Errors["results"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_who_may_not_see_the_inspection_is_told_it_does_not_exist_before_and_after_it_is_submitted()
    {
        var dormSupervisor = new Viewer(Guid.NewGuid(), "sup-dorm", new HashSet<Role> { Role.Supervisor }, new HashSet<Guid> { _org.Dormitories.Id });
        var answers = _inspections.Answers(_org.Kitchen);

        Assert.IsType<Failure.NotFound>((await SubmitAsync(ExtinguisherInspections.OtherMember, answers)).Failure);
        Assert.IsType<Failure.NotFound>((await SubmitAsync(dormSupervisor, answers)).Failure);
        Assert.True((await SubmitAsync(ExtinguisherInspections.Member, answers)).Succeeded);
        Assert.IsType<Failure.NotFound>((await SubmitAsync(ExtinguisherInspections.OtherMember, answers)).Failure);
        Assert.IsType<Failure.NotFound>((await SubmitAsync(dormSupervisor, answers)).Failure);
        Assert.IsType<Failure.NotFound>((await SubmitAsync(ExtinguisherInspections.Member, answers, inspectionId: Guid.NewGuid())).Failure);
    }

    [Fact]
    public async Task The_units_supervisor_sees_the_inspection_but_may_not_submit_it_even_once_submitted()
    {
        var answers = _inspections.Answers(_org.Kitchen);

        var before = await SubmitAsync(_org.CanteenSupervisor, answers);
        await SubmitAsync(ExtinguisherInspections.Member, answers);
        var after = await SubmitAsync(_org.CanteenSupervisor, answers);

        Assert.Contains("member", Assert.IsType<Failure.Forbidden>(before.Failure).Detail, StringComparison.Ordinal);
        Assert.IsType<Failure.Forbidden>(after.Failure);
    }

    [Fact]
    public async Task A_second_submit_by_the_member_is_a_conflict_and_stores_nothing_more()
    {
        var answers = _inspections.Answers(_org.Kitchen, r => r.ItemId == "in-place" ? r with { Outcome = "fail" } : r);
        await SubmitAsync(ExtinguisherInspections.Member, answers);

        var second = await SubmitAsync(ExtinguisherInspections.Member, answers);

        Assert.Equal("Already submitted", Assert.IsType<Failure.Conflict>(second.Failure).Title);
        Assert.Equal(2, await _org.Db.Findings.CountAsync());
    }

    private async Task<Result<SubmitInspectionResponse>> SubmitAsync(Viewer viewer, List<ResultRow> answers, DefectPhoto[]? photos = null, Guid? inspectionId = null)
    {
        using var writer = new SubmissionWriter(new FindingEventDispatcher(_org.Workflows, _org.Calendar), NullLogger<SubmissionWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        var result = await new SubmitInspection(new SubmitInspectionValidator(), _org.Db, _org.Workflows, writer, _org.Clock, new VisitMarks(_org.Db))
            .HandleAsync(new InspectionSubmission(inspectionId ?? _kitchen.Id, new SubmitInspectionRequest(answers), viewer, photos), CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);
        _org.Db.ChangeTracker.Clear();
        return result;
    }
}
