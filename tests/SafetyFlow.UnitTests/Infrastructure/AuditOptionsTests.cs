using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.UnitTests.Infrastructure;

public sealed class AuditOptionsTests
{
    [Fact]
    public void A_zone_rating_schedule_that_is_not_cron_stops_the_app_naming_the_setting()
    {
        var result = new JobOptionsValidator().Validate(new JobOptions { ZoneRatingCron = "monthly" });

        var error = Assert.Single(result.Errors);
        Assert.Equal("SafetyFlow:Jobs:ZoneRatingCron must be a five-field cron expression.", error.ErrorMessage);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7200)]
    public void A_claim_timeout_outside_a_second_to_an_hour_stops_the_app_naming_the_setting(int seconds)
    {
        var result = new JobOptionsValidator().Validate(new JobOptions { ClaimTimeout = TimeSpan.FromSeconds(seconds) });

        Assert.Contains("SafetyFlow:Jobs:ClaimTimeout", Assert.Single(result.Errors).ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/usr/share/fonts/truetype/wqy/wqy-zenhei")]
    public void A_report_font_setting_that_names_no_font_file_stops_the_app_naming_the_setting(string path)
    {
        var result = new ReportOptionsValidator().Validate(new ReportOptions { CjkFont = path });

        Assert.Contains("SafetyFlow:Reports:CjkFont", Assert.Single(result.Errors).ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new JobOptionsValidator().Validate(new JobOptions()).IsValid);
        Assert.True(new ReportOptionsValidator().Validate(new ReportOptions()).IsValid);
    }
}
