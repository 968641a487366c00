using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.UnitTests.Features.Inspections;

/// <summary>Listing and reading inspections as use cases, without HTTP: who is shown which, and what is refused.</summary>
public sealed class ReadInspectionsTests : IAsyncLifetime
{
    private TwoUnitOrganisation _org = null!;
    private ExtinguisherInspections _inspections = null!;
    private Inspection _kitchen = null!;
    private Inspection _dormitory = null!;

    public async Task InitializeAsync()
    {
        // Field paths as the app names them: results[3].value, units[0].key.
        ValidationExtensions.UseCamelCasePropertyNames();
        _org = await TwoUnitOrganisation.CreateAsync();
        _inspections = new ExtinguisherInspections(_org);
        _kitchen = await _inspections.AddAsync(_org.Kitchen);
        _dormitory = await _inspections.AddAsync(_org.DormitoryA);
    }

    public async Task DisposeAsync() => await _org.DisposeAsync();

    [Fact]
    public async Task A_supervisor_is_listed_their_units_inspections_with_the_visit_window_and_an_owner_none()
    {
        var supervisor = await ListAsync(new ListInspectionsRequest(null, "due", "2026-W48", _org.CanteenSupervisor));
        var owner = await ListAsync(new ListInspectionsRequest(null, null, null, ExtinguisherInspections.Owner));

        var kitchen = Assert.Single(supervisor.Value);
        Assert.Equal((_kitchen.Id, "z-canteen-kitchen", "due"), (kitchen.Id, kitchen.Zone, kitchen.Status));
        Assert.NotNull(kitchen.VisitWindow);
        Assert.Empty(owner.Value);
    }

    [Theory]
    [InlineData("late", null, "status", "Use due, overdue or submitted.")]
    [InlineData(null, "2026-48", "week", "2000 to 2100")]
    public async Task A_filter_it_cannot_read_is_refused_naming_the_field(string? status, string? week, string field, string message)
    {
        var result = await ListAsync(new ListInspectionsRequest(true, status, week, ExtinguisherInspections.Member));

        var invalid = Assert.IsType<Failure.Invalid>(result.Failure);
        Assert.Equal([field], invalid.Errors.Keys);
        Assert.Contains(message, Assert.Single(invalid.Errors[field]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_member_reads_the_checklist_per_asset_in_their_language()
    {
        var result = await GetAsync(new GetInspectionRequest(_kitchen.Id, "en", ExtinguisherInspections.Member));

        var detail = result.Value;
        Assert.Equal(("Weekly fire extinguisher check", "member-canteen", "due"), (detail.Title, detail.Member, detail.Status));
        Assert.Equal(["z-canteen-kitchen-ext-1", "z-canteen-kitchen-ext-2"], detail.Targets.Select(t => t.Asset));
        Assert.Equal(_inspections.Checklist.Items.Length, detail.Targets[0].Items.Count);
    }

    [Fact]
    public async Task An_inspection_outside_the_viewers_units_or_unknown_is_not_found()
    {
        Assert.IsType<Failure.NotFound>((await GetAsync(new GetInspectionRequest(_dormitory.Id, "en", _org.CanteenSupervisor))).Failure);
        Assert.IsType<Failure.NotFound>((await GetAsync(new GetInspectionRequest(_kitchen.Id, "en", ExtinguisherInspections.OtherMember))).Failure);
        Assert.IsType<Failure.NotFound>((await GetAsync(new GetInspectionRequest(_kitchen.Id, "en", ExtinguisherInspections.Owner))).Failure);
        Assert.IsType<Failure.NotFound>((await GetAsync(new GetInspectionRequest(Guid.NewGuid(), "en", _org.SafetyOffice))).Failure);
        Assert.True((await GetAsync(new GetInspectionRequest(_dormitory.Id, "zh-CN", _org.SafetyOffice))).Succeeded);
    }

    private Task<Result<InspectionSummary[]>> ListAsync(ListInspectionsRequest request) =>
        new ListInspections(new ListInspectionsRequestValidator(), _org.Db, _org.Clock).HandleAsync(request, CancellationToken.None);

    private Task<Result<InspectionDetail>> GetAsync(GetInspectionRequest request) =>
        new GetInspection(_org.Db, _org.Workflows, _org.Clock).HandleAsync(request, CancellationToken.None);
}
