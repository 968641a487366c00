using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SafetyFlow.IntegrationTests.Inspections;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>
/// The monthly PDF as a printed document: every page numbered of the total with the period and the time it was made,
/// the safety office's signature block, the worst zones only when below five stars, categories by name, and the language
/// of the page's switch before the saved one and the browser's.
/// </summary>
public sealed class MonthlyReportPagesTests(NovemberFixture november) : IClassFixture<NovemberFixture>
{
    [Fact]
    public async Task Every_page_says_which_page_of_how_many_the_period_and_when_it_was_made_and_the_last_carries_the_signature_block()
    {
        var english = await PagesAsync("en");
        Assert.True(english.Count >= 2, $"The November report fills {english.Count} page(s).");
        for (var page = 1; page <= english.Count; page++)
        {
            var text = english[page - 1];
            Assert.Contains($"Page {page} of {english.Count}", text, StringComparison.Ordinal);
            Assert.Contains("Monthly safety report · period 2026-11-01 to 2026-11-30 · generated 2026-12-05 09:00 (Asia/Shanghai)", text, StringComparison.Ordinal);
        }

        Assert.Contains("Safety office sign-off", english[^1], StringComparison.Ordinal);
        Assert.Contains("Reviewed by (signature):", english[^1], StringComparison.Ordinal);
        Assert.Contains("Head of the safety office (signature):", english[^1], StringComparison.Ordinal);

        var chinese = await PagesAsync("zh-CN");
        for (var page = 1; page <= chinese.Count; page++)
        {
            var text = chinese[page - 1];
            Assert.Contains($"第 {page} 页，共 {chinese.Count} 页", text, StringComparison.Ordinal);
            Assert.Contains("统计期间 2026-11-01 至 2026-11-30 · 生成时间 2026-12-05 09:00（Asia/Shanghai）", text, StringComparison.Ordinal);
        }

        Assert.Contains("安全管理部门审核", chinese[^1], StringComparison.Ordinal);
        Assert.Contains("审核人（签字）", chinese[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_worst_zones_are_only_those_below_five_stars()
    {
        var text = string.Join(" ", await PagesAsync("en"));

        var worst = Between(text, "Lowest-scoring zones (below five stars)", "Overdue findings");
        Assert.Contains("1. ", worst, StringComparison.Ordinal);
        Assert.DoesNotContain("★★★★★", worst, StringComparison.Ordinal);
        Assert.DoesNotContain("5 stars", worst, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_month_with_every_zone_at_five_stars_says_so_instead_of_listing_worst_zones()
    {
        var english = string.Join(" ", await PagesAsync("en", "2026-10"));
        var chinese = string.Join(" ", await PagesAsync("zh-CN", "2026-10"));

        Assert.Contains("★★★★★", Between(english, "Zone stars", "Lowest-scoring zones"), StringComparison.Ordinal);
        var worst = Between(english, "Lowest-scoring zones (below five stars)", "Overdue findings");
        Assert.Contains("Every zone has five stars; none is listed.", worst, StringComparison.Ordinal);
        Assert.DoesNotContain("1. ", worst, StringComparison.Ordinal);
        Assert.Contains("所有责任区均为五星，没有需要列出的责任区。", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Categories_are_named_in_the_reports_language_never_by_their_key()
    {
        var english = string.Join(" ", await PagesAsync("en"));
        var chinese = string.Join(" ", await PagesAsync("zh-CN"));

        Assert.Contains("Extinguishers", Between(english, "Findings raised and closed by category", "Zone stars"), StringComparison.Ordinal);
        Assert.Contains("灭火器", Between(chinese, "各类别隐患发现与销号", "责任区星级评定"), StringComparison.Ordinal);
        Assert.DoesNotContain("extinguisher", Between(chinese, "各类别隐患发现与销号", "责任区星级评定"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_the_page_the_report_follows_the_language_switch_over_the_saved_language_and_the_browser()
    {
        var pages = await november.App.SignInToPagesAsync("safety1");
        await InspectionRecordTests.SwitchLanguageAsync(pages, "en");
        var api = await november.App.SignInAsync("safety1");
        (await api.PutAsJsonAsync("/api/me/preferences", new { language = "zh-CN", notifyByEmail = true })).EnsureSuccessStatusCode();
        pages.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));

        var text = await PageReportAsync(pages);

        Assert.Contains("Monthly safety report, November 2026", text, StringComparison.Ordinal);
        Assert.DoesNotContain("隐患排查治理月报", text, StringComparison.Ordinal);

        await InspectionRecordTests.SwitchLanguageAsync(pages, "zh-CN");
        Assert.Contains("隐患排查治理月报 2026年11月", await PageReportAsync(pages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_the_page_without_a_switch_the_report_follows_the_saved_language_not_the_browser()
    {
        // sup-canteen saved English; the browser asks for Chinese.
        var pages = await november.App.SignInToPagesAsync("sup-canteen");
        pages.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));

        var text = await PageReportAsync(pages);

        Assert.Contains("Monthly safety report, November 2026", text, StringComparison.Ordinal);
        Assert.DoesNotContain("隐患排查治理月报", text, StringComparison.Ordinal);
    }

    private static string Between(string text, string from, string to)
    {
        var start = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{from}' is not in the report.");
        var end = text.IndexOf(to, start + from.Length, StringComparison.Ordinal);
        Assert.True(end >= 0, $"'{to}' does not follow '{from}' in the report.");
        return text[(start + from.Length)..end];
    }

    private async Task<IReadOnlyList<string>> PagesAsync(string language, string month = "2026-11")
    {
        var safety = await november.App.SignInAsync("safety1");
        safety.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        var response = await safety.GetAsync($"/api/reports/monthly?month={month}&format=pdf");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await PdfText.PagesAsync(await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task<string> PageReportAsync(HttpClient pages)
    {
        var response = await pages.GetAsync("/office/closure?handler=monthly&month=2026-11");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        return await PdfText.ReadAsync(await response.Content.ReadAsByteArrayAsync());
    }
}
