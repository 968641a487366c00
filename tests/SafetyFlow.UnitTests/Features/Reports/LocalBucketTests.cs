using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Features.Reports;

namespace SafetyFlow.UnitTests.Features.Reports;

/// <summary>
/// Weeks and months are the work calendar's (+08:00), counted by the database: a finding raised a second before local
/// midnight and one raised at it fall on either side, though both are the same UTC day.
/// </summary>
public sealed class LocalBucketTests : IAsyncLifetime
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private TwoUnitOrganisation _org = null!;

    public async Task InitializeAsync()
    {
        _org = await TwoUnitOrganisation.CreateAsync();

        // Sunday 29 November, a second before the local midnight that starts 2026-W49 (16:00 UTC), then at it.
        await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder().RaisedAt(new DateTimeOffset(2026, 11, 29, 23, 59, 59, Shanghai)));
        await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder().RaisedAt(new DateTimeOffset(2026, 11, 30, 0, 0, 0, Shanghai)));

        // The last second of November and the first of December, local time: both 30 November in UTC.
        await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder().RaisedAt(new DateTimeOffset(2026, 11, 30, 23, 59, 59, Shanghai)));
        await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder().RaisedAt(new DateTimeOffset(2026, 12, 1, 0, 0, 0, Shanghai)));
    }

    public async Task DisposeAsync() => await _org.DisposeAsync();

    [Fact]
    public async Task By_week_a_finding_raised_at_local_midnight_on_monday_starts_the_next_week()
    {
        var rows = await HandleAsync("week");

        Assert.Equal([("2026-W48", 1), ("2026-W49", 3)], rows.Select(r => (r.Key, r.Raised)));
    }

    [Fact]
    public async Task By_month_the_first_second_of_december_local_time_is_december_though_november_in_utc()
    {
        var rows = await HandleAsync("month");

        Assert.Equal([("2026-11", 3), ("2026-12", 1)], rows.Select(r => (r.Key, r.Raised)));
    }

    private async Task<ClosureRow[]> HandleAsync(string groupBy)
    {
        var report = new ClosureReport(new ClosureRequestValidator(_org.Calendar, _org.Clock), _org.Db, _org.Reader, _org.Calendar, _org.Clock);
        var result = await report.HandleAsync(new ClosureRequest("2026-11-01", "2026-12-31", groupBy, _org.SafetyOffice), CancellationToken.None);
        return result.Value;
    }
}
