using System.Net;
using System.Net.Http.Headers;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>The monthly PDF, its text extracted with pdftotext (poppler-utils) and checked against the hand-made November.</summary>
public sealed class MonthlyReportTests(NovemberFixture november) : IClassFixture<NovemberFixture>
{
    [Fact]
    public async Task The_chinese_report_shows_the_months_figures_zone_stars_and_overdue_list_in_chinese()
    {
        var text = await ReportTextAsync("zh-CN");

        Assert.Contains("隐患排查治理月报 2026年11月", text, StringComparison.Ordinal);
        Assert.Contains("发现隐患 5 项，其中重大隐患 1 项，重复隐患 0 项", text, StringComparison.Ordinal);
        Assert.Contains("已整改销号 3 项，按期整改 2 项，逾期未整改 2 项", text, StringComparison.Ordinal);
        Assert.Contains("整改率 60.0%，按期整改率 40.0%", text, StringComparison.Ordinal);
        Assert.Contains("整改用时中位数 72.0 小时，90%分位 216.0 小时", text, StringComparison.Ordinal);
        Assert.Contains("各责任区隐患发现与销号", text, StringComparison.Ordinal);
        Assert.Contains("一号食堂后厨 Canteen 1 kitchen ★★★☆☆ 3星 得分 75.50", text, StringComparison.Ordinal);
        Assert.Contains("1. 一号食堂餐厅 Canteen 1 dining hall ★☆☆☆☆ 1星 得分 48.75", text, StringComparison.Ordinal);
        Assert.Contains("逾期未整改隐患（2 项）", text, StringComparison.Ordinal);
        Assert.Contains("【重大】一号食堂餐厅", text, StringComparison.Ordinal);
        Assert.Contains("【重大】一号食堂餐厅 Canteen 1 dining hall：压力表指针处于绿色（可用）区域。", text, StringComparison.Ordinal);
        Assert.Contains("责任人 孙丽，期限 2026-11-30 09:00，逾期 5 天，升级 2 级", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_english_report_carries_the_same_figures_in_english()
    {
        var text = await ReportTextAsync("en");

        Assert.Contains("Monthly safety report, November 2026", text, StringComparison.Ordinal);
        Assert.Contains("Findings raised: 5 (major: 1, repeats: 0)", text, StringComparison.Ordinal);
        Assert.Contains("Closed: 3, closed on time: 2, open and overdue: 2", text, StringComparison.Ordinal);
        Assert.Contains("Overdue findings (2)", text, StringComparison.Ordinal);
        Assert.Contains("Canteen 1 kitchen ★★★☆☆ 3 stars score 75.50", text, StringComparison.Ordinal);
        Assert.Contains("owner 孙丽, due 2026-11-24 09:00, 11 days overdue, level 3", text, StringComparison.Ordinal);
        Assert.DoesNotContain("隐患排查治理月报", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_shorter_list_the_report_lists_the_longest_overdue_and_counts_the_rest_in_both_languages()
    {
        var shortList = new NovemberFixture(new Dictionary<string, string?> { ["SafetyFlow:Reports:PdfWorstCount"] = "1" });
        await shortList.InitializeAsync();
        try
        {
            var english = await ReportTextAsync(shortList, "en");
            Assert.Contains("Overdue findings (2)", english, StringComparison.Ordinal);
            Assert.Contains("owner 孙丽, due 2026-11-24 09:00, 11 days overdue, level 3", english, StringComparison.Ordinal);
            Assert.DoesNotContain("due 2026-11-30 09:00", english, StringComparison.Ordinal);
            Assert.Contains("and 1 more overdue finding, not listed", english, StringComparison.Ordinal);

            var chinese = await ReportTextAsync(shortList, "zh-CN");
            Assert.Contains("逾期未整改隐患（2 项）", chinese, StringComparison.Ordinal);
            Assert.DoesNotContain("期限 2026-11-30 09:00", chinese, StringComparison.Ordinal);
            Assert.Contains("另有 1 项逾期隐患未列出", chinese, StringComparison.Ordinal);
        }
        finally
        {
            await shortList.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_full_list_has_no_line_for_findings_left_out() =>
        Assert.DoesNotContain("more overdue", await ReportTextAsync("en"), StringComparison.Ordinal);

    [Fact]
    public async Task A_bad_month_or_format_is_refused_naming_the_field()
    {
        var safety = await november.App.SignInAsync("safety1");
        Assert.Contains("month", (await safety.GetJsonAsync("/api/reports/monthly?month=November", HttpStatusCode.BadRequest)).Errors().Keys);
        Assert.Contains("format", (await safety.GetJsonAsync("/api/reports/monthly?month=2026-11&format=docx", HttpStatusCode.BadRequest)).Errors().Keys);
    }

    [Fact]
    public async Task Without_the_chinese_font_the_report_is_refused_with_a_message_naming_the_setting_and_package()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?>
        {
            ["SafetyFlow:Reports:CjkFont"] = "/nonexistent/NotoSansCJK-Regular.ttc",
        });
        var safety = await app.SignInAsync("safety1");

        var problem = await safety.GetJsonAsync("/api/reports/monthly?month=2026-11", HttpStatusCode.ServiceUnavailable);

        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("SafetyFlow:Reports:CjkFont", detail, StringComparison.Ordinal);
        Assert.Contains("fonts-noto-cjk", detail, StringComparison.Ordinal);
    }

    private Task<string> ReportTextAsync(string language) => ReportTextAsync(november, language);

    private static async Task<string> ReportTextAsync(NovemberFixture november, string language)
    {
        var safety = await november.App.SignInAsync("safety1");
        safety.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        var response = await safety.GetAsync("/api/reports/monthly?month=2026-11&format=pdf");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);

        return await PdfText.ReadAsync(await response.Content.ReadAsByteArrayAsync());
    }
}
