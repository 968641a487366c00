using SafetyFlow.Web.Features.Reports;

namespace SafetyFlow.UnitTests.Features.Reports;

public sealed class PercentileTests
{
    [Theory]
    [InlineData(new[] { 5.0 }, 5.0, 5.0)]
    [InlineData(new[] { 24.0, 72.0 }, 48.0, 72.0)]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0 }, 5.5, 9.0)]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0 }, 6.0, 10.0)]
    public void Median_and_nearest_rank_90th_percentile_match_hand_computed_values(double[] sorted, double median, double p90)
    {
        Assert.Equal(median, ClosureReport.Median(sorted));
        Assert.Equal(p90, ClosureReport.NearestRank(sorted, 0.9));
    }
}
