using Microsoft.Extensions.Options;
using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.UnitTests.Features.Reports;

/// <summary>The monthly report as a use case, without HTTP: what it refuses and what it cannot do without its font.</summary>
public sealed class MonthlyReportTests : IAsyncLifetime
{
    private TwoUnitOrganisation _org = null!;

    public async Task InitializeAsync() => _org = await TwoUnitOrganisation.CreateAsync();

    public async Task DisposeAsync() => await _org.DisposeAsync();

    [Fact]
    public async Task A_month_and_format_it_cannot_read_are_refused_naming_both_fields_before_the_font_is_looked_at()
    {
        using var fonts = MissingFont();
        var result = await Report(fonts).HandleAsync(new MonthlyReportRequest("2026-13", "docx", "en", _org.SafetyOffice), CancellationToken.None);

        var invalid = Assert.IsType<Failure.Invalid>(result.Failure);
        Assert.Equal(["month", "format"], invalid.Errors.Keys);
        Assert.Equal("Use pdf.", Assert.Single(invalid.Errors["format"]));
    }

    [Fact]
    public async Task Without_its_font_the_report_is_unavailable_and_says_which_setting_names_the_font()
    {
        using var fonts = MissingFont();
        var result = await Report(fonts).HandleAsync(new MonthlyReportRequest("2026-11", null, "en", _org.SafetyOffice), CancellationToken.None);

        var unavailable = Assert.IsType<Failure.Unavailable>(result.Failure);
        Assert.Contains("SafetyFlow:Reports:CjkFont", unavailable.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN,zh;q=0.9", "zh-CN")]
    [InlineData("en-GB", "en")]
    [InlineData("fr-FR", null)]
    [InlineData("", null)]
    public void The_requested_language_is_Chinese_or_English_or_none(string header, string? language) =>
        Assert.Equal(language, MonthlyReport.RequestedLanguage(header));

    private static ReportFonts MissingFont() => new(Options.Create(new ReportOptions { CjkFont = "/nowhere/missing.ttc" }));

    private MonthlyReport Report(ReportFonts fonts) => new(
        new MonthlyReportRequestValidator(_org.Calendar, _org.Clock),
        _org.Db,
        _org.Reader,
        _org.Workflows,
        new ZoneRater(_org.Db, _org.Workflows, _org.Calendar, _org.Clock),
        fonts,
        new ReportLanguage(_org.Db),
        _org.Calendar,
        _org.Clock,
        new SafetyFlow.Web.Features.Audit.TrailCheckpoints(_org.Db, TwoUnitOrganisation.TrailKey, _org.Clock),
        Options.Create(new ReportOptions()));
}
