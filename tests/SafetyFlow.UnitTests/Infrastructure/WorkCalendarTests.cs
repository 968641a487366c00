using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.UnitTests.Infrastructure;

public sealed class WorkCalendarTests
{
    [Theory]
    [InlineData("2026-W48", true)]
    [InlineData("2000-W01", true)]
    [InlineData("2100-W52", true)]
    [InlineData("1999-W52", false)]
    [InlineData("2101-W01", false)]
    [InlineData("0000-W01", false)]
    [InlineData("9999-W52", false)]
    [InlineData("2026-W00", false)]
    [InlineData("2025-W53", false)]
    [InlineData("2026-48", false)]
    public void Weeks_are_taken_in_the_supported_years_only(string week, bool taken) =>
        Assert.Equal(taken, WorkCalendar.IsWeek(week));

    [Fact]
    public void Instants_are_supported_by_their_UTC_year()
    {
        Assert.True(WorkCalendar.IsSupported(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(WorkCalendar.IsSupported(new DateTimeOffset(2000, 1, 1, 7, 0, 0, TimeSpan.FromHours(8))));
        Assert.False(WorkCalendar.IsSupported(DateTimeOffset.MaxValue));
        Assert.False(WorkCalendar.IsSupported(new DateOnly(1, 1, 1)));
    }
}
