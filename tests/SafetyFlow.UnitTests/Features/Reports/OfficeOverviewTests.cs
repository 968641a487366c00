using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Features.Reports;

namespace SafetyFlow.UnitTests.Features.Reports;

/// <summary>The office dashboard's figures as a use case, without HTTP.</summary>
public sealed class OfficeOverviewTests : IAsyncLifetime
{
    private TwoUnitOrganisation _org = null!;

    public async Task InitializeAsync()
    {
        _org = await TwoUnitOrganisation.CreateAsync();
        await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder());
        await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder().Closed());
        await _org.AddFindingAsync(_org.DormitoryA, new FindingBuilder().Major());
        await _org.AddFindingAsync(_org.DormitoryA, new FindingBuilder().Major());
    }

    public async Task DisposeAsync() => await _org.DisposeAsync();

    [Fact]
    public async Task A_supervisor_counts_and_ranks_their_units_findings_only()
    {
        var figures = await Overview().HandleAsync(_org.CanteenSupervisor, CancellationToken.None);

        Assert.Equal((1, 0, 1), (figures.Open, figures.Overdue, figures.ClosedOnTime));
        Assert.Equal(["Canteen 1 kitchen"], figures.LaggingZones.Select(r => r.Key));
        Assert.Equal(2, figures.RaisedPerWeek.Sum());
    }

    [Fact]
    public async Task The_safety_office_sees_the_overdue_major_findings_of_dormitory_A_lag_first()
    {
        var figures = await Overview().HandleAsync(_org.SafetyOffice, CancellationToken.None);

        Assert.Equal((3, 2, 1), (figures.Open, figures.Overdue, figures.ClosedOnTime));
        Assert.Equal(["Dormitory A building", "Canteen 1 kitchen"], figures.LaggingZones.Select(r => r.Key));
        Assert.Equal(OfficeOverview.TrendWeeks, figures.Weeks.Count);
        Assert.Equal("2026-W48", figures.Weeks[^1]);
    }

    private OfficeOverview Overview() => new(_org.Db, _org.Reader, _org.Calendar, _org.Clock);
}
