using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.UnitTests.Features.Reports;

/// <summary>The statutory figures as a use case, without HTTP.</summary>
public sealed class StatutoryReportTests : IAsyncLifetime
{
    private TwoUnitOrganisation _org = null!;

    public async Task InitializeAsync()
    {
        _org = await TwoUnitOrganisation.CreateAsync();
        await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder().Major().Closed());
        await _org.AddFindingAsync(_org.DormitoryA, new FindingBuilder().Major());
    }

    public async Task DisposeAsync() => await _org.DisposeAsync();

    [Fact]
    public async Task A_supervisor_counts_the_major_hazards_of_their_units_only()
    {
        var figures = (await HandleAsync(new StatutoryRequest(2026, 4, "en", _org.CanteenSupervisor))).Value;

        Assert.Equal("2026-Q4", figures.Period);
        Assert.Equal(1, figures.Major.Found);
        Assert.Equal(1, figures.Major.Fixed);
        Assert.Equal("z-canteen-kitchen", Assert.Single(figures.MajorHazards).Zone);
    }

    [Theory]
    [InlineData(null, null, "year", "from 2000 to 2100")]
    [InlineData(9999, null, "year", "from 2000 to 2100")]
    [InlineData(2026, 5, "quarter", "from 1 to 4")]
    public async Task A_period_outside_its_range_is_refused_naming_the_field(int? year, int? quarter, string field, string message)
    {
        var result = await HandleAsync(new StatutoryRequest(year, quarter, "en", _org.SafetyOffice));

        var invalid = Assert.IsType<Failure.Invalid>(result.Failure);
        Assert.Equal([field], invalid.Errors.Keys);
        Assert.Contains(message, Assert.Single(invalid.Errors[field]), StringComparison.Ordinal);
    }

    private Task<Result<StatutoryFigures>> HandleAsync(StatutoryRequest request) =>
        new StatutoryReport(new StatutoryRequestValidator(), _org.Db, _org.Reader, _org.Workflows, _org.Calendar, _org.Clock)
            .HandleAsync(request, CancellationToken.None);
}
