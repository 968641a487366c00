using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.UnitTests.Features.Reports;

/// <summary>The closure report as a use case, without HTTP: what it refuses, by field, and what each viewer is shown.</summary>
public sealed class ClosureReportTests : IAsyncLifetime
{
    private TwoUnitOrganisation _org = null!;

    public async Task InitializeAsync()
    {
        _org = await TwoUnitOrganisation.CreateAsync();
        await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder());
        await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder().Closed());
        await _org.AddFindingAsync(_org.DormitoryA, new FindingBuilder());
    }

    public async Task DisposeAsync() => await _org.DisposeAsync();

    [Fact]
    public async Task A_supervisor_is_shown_only_the_zones_of_their_units()
    {
        var rows = await HandleAsync(new ClosureRequest("2026-11-01", "2026-11-30", "zone", _org.CanteenSupervisor));

        var kitchen = Assert.Single(rows.Value);
        Assert.Equal("z-canteen-kitchen", kitchen.Key);
        Assert.Equal(2, kitchen.Raised);
        Assert.Equal(1, kitchen.Closed);
    }

    [Fact]
    public async Task The_safety_office_is_shown_every_unit()
    {
        var rows = await HandleAsync(new ClosureRequest("2026-11-01", "2026-11-30", "unit", _org.SafetyOffice));

        Assert.Equal(["u-canteen", "u-dorm"], rows.Value.Select(r => r.Key));
        Assert.Equal(3, rows.Value.Sum(r => r.Raised));
    }

    [Theory]
    [InlineData("2026-13-01", "2026-11-30", "zone", "from", "2000 to 2100")]
    [InlineData("2026-11-01", "30/11/2026", "zone", "to", "2000 to 2100")]
    [InlineData("2026-11-30", "2026-11-01", "zone", "to", "Must be after 'from'.")]
    [InlineData("2026-11-01", "2026-11-30", "asset", "groupBy", "Use one of zone, category")]
    public async Task Input_it_cannot_read_is_refused_naming_the_field(string from, string to, string groupBy, string field, string message)
    {
        var result = await HandleAsync(new ClosureRequest(from, to, groupBy, _org.SafetyOffice));

        var invalid = Assert.IsType<Failure.Invalid>(result.Failure);
        Assert.Equal([field], invalid.Errors.Keys);
        Assert.Contains(message, Assert.Single(invalid.Errors[field]), StringComparison.Ordinal);
    }

    private Task<Result<ClosureRow[]>> HandleAsync(ClosureRequest request) =>
        new ClosureReport(new ClosureRequestValidator(_org.Calendar, _org.Clock), _org.Db, _org.Reader, _org.Calendar, _org.Clock)
            .HandleAsync(request, CancellationToken.None);
}
