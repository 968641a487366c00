using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.UnitTests.Features.Findings;

/// <summary>Reading findings as use cases, without HTTP: scope, filters and the input they refuse.</summary>
public sealed class ReadFindingTests : IAsyncLifetime
{
    private TwoUnitOrganisation _org = null!;

    public ReadFindingTests() => ValidationExtensions.UseCamelCasePropertyNames();

    public async Task InitializeAsync() => _org = await TwoUnitOrganisation.CreateAsync();

    public async Task DisposeAsync() => await _org.DisposeAsync();

    [Fact]
    public async Task A_supervisor_gets_their_units_finding_and_not_another_units()
    {
        var kitchen = await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder());
        var dormitory = await _org.AddFindingAsync(_org.DormitoryA, new FindingBuilder());
        var get = new GetFinding(_org.Reader);

        var shown = await get.HandleAsync(new GetFindingRequest(kitchen.Id, _org.CanteenSupervisor, "en"), CancellationToken.None);
        var hidden = await get.HandleAsync(new GetFindingRequest(dormitory.Id, _org.CanteenSupervisor, "en"), CancellationToken.None);

        Assert.Equal("z-canteen-kitchen", shown.Value.Zone);
        Assert.IsType<Failure.NotFound>(hidden.Failure);
    }

    [Fact]
    public async Task The_list_holds_what_the_viewer_may_see_filtered_by_severity()
    {
        await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder());
        var major = await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder().Major());
        await _org.AddFindingAsync(_org.DormitoryA, new FindingBuilder().Major());

        var result = await List(new ListFindingsRequest(null, null, null, null, "Major", null, null, _org.CanteenSupervisor, "en"));

        Assert.Equal([major.Id], result.Value.Select(f => f.Id));
    }

    [Fact]
    public async Task Filters_it_cannot_read_are_refused_under_their_names()
    {
        var result = await List(new ListFindingsRequest(null, null, null, null, "urgent", 0, -1, _org.SafetyOffice, "en"));

        var invalid = Assert.IsType<Failure.Invalid>(result.Failure);
        Assert.Equal(["limit", "offset", "severity"], invalid.Errors.Keys.Order());
        Assert.Equal("Use general or major.", Assert.Single(invalid.Errors["severity"]));
    }

    private Task<Result<FindingView[]>> List(ListFindingsRequest request) =>
        new ListFindings(new ListFindingsRequestValidator(), _org.Db, _org.Reader, _org.Workflows, _org.Calendar, _org.Clock).HandleAsync(request, CancellationToken.None);
}
