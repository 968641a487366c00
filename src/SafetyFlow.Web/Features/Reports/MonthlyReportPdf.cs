using System.Globalization;
using SafetyFlow.Web.Infrastructure;
using SkiaSharp;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>Draws the monthly report as an A4 PDF with Skia: text in the CJK typeface, charts from plain rectangles.</summary>
internal static class MonthlyReportPdf
{
    private const float PageWidth = PdfPageWriter.PageWidth;
    private const float Margin = PdfPageWriter.Margin;

    /// <summary>The lowest-scoring zones listed, of those below five stars.</summary>
    private const int WorstZones = 3;

    public static byte[] Render(MonthlyReportData data, SKTypeface typeface, WorkCalendar calendar)
    {
        var zh = data.Language == "zh-CN";
        var metadata = new SKDocumentPdfMetadata
        {
            Title = Title(data, zh),
            Creator = "SafetyFlow",
            Creation = calendar.ToLocal(data.GeneratedAt).DateTime,
        };
        return PdfPageWriter.Write(typeface, metadata, Frame(data, calendar, zh), page =>
        {
            page.Text(Title(data, zh), 20, bold: true);
            page.Text(zh
                ? $"生成时间 {calendar.ToLocal(data.GeneratedAt):yyyy-MM-dd HH:mm}（{calendar.Zone.Id}），统计本月发现的隐患及其截至生成时的整改情况"
                : $"Generated {calendar.ToLocal(data.GeneratedAt):yyyy-MM-dd HH:mm} ({calendar.Zone.Id}); findings raised in the month, as they stand now", 9, color: SKColors.Gray);
            page.Gap(10);

            Figures(page, data, zh);
            Bars(page, zh ? "各责任区隐患发现与销号" : "Findings raised and closed by zone", data.ByZone, zh);
            Bars(page, zh ? "各类别隐患发现与销号" : "Findings raised and closed by category", [.. data.ByCategory.Select(c => (Category(c.Name, zh), c.Row))], zh);
            Stars(page, data, zh);
            Overdue(page, data, calendar, zh);
            Checkpoint(page, data.Checkpoint, zh);
            SignOff(page, zh);
        });
    }

    /// <summary>Every page's header and foot: the report, its period and when it was made; the page of how many.</summary>
    private static PdfPageFrame Frame(MonthlyReportData data, WorkCalendar calendar, bool zh)
    {
        var first = DateOnly.ParseExact(data.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var from = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = first.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var generated = calendar.ToLocal(data.GeneratedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return zh
            ? new PdfPageFrame($"隐患排查治理月报 · 统计期间 {from} 至 {to} · 生成时间 {generated}（{calendar.Zone.Id}）", PageOf(zh))
            : new PdfPageFrame($"Monthly safety report · period {from} to {to} · generated {generated} ({calendar.Zone.Id})", PageOf(zh));
    }

    /// <summary>"第 2 页，共 5 页" or "Page 2 of 5".</summary>
    internal static Func<int, int, string> PageOf(bool zh) =>
        (page, pages) => zh ? $"第 {page} 页，共 {pages} 页" : $"Page {page} of {pages}";

    /// <summary>Where the safety office signs the printed report as reviewed.</summary>
    private static void SignOff(PdfPageWriter page, bool zh)
    {
        page.EnsureSpace(150);
        page.Gap(12);
        page.Heading(zh ? "安全管理部门审核" : "Safety office sign-off");
        page.Text(zh ? "审核意见：" : "Review remarks:", 10);
        page.Gap(30);
        page.Text(zh ? "审核人（签字）：____________________　　日期：______年____月____日" : "Reviewed by (signature): ____________________    Date: ______________", 10);
        page.Gap(14);
        page.Text(zh ? "安全管理部门负责人（签字）：____________________　　（盖章）" : "Head of the safety office (signature): ____________________    (stamp)", 10);
    }

    /// <summary>The trail's signed head, so that the printed report can be handed back to show the trail was not rebuilt since.</summary>
    private static void Checkpoint(PdfPageWriter page, Audit.CheckpointView? checkpoint, bool zh)
    {
        if (checkpoint is null)
        {
            return;
        }

        page.Gap(12);
        page.Text(
            $"{(zh ? "审计链检查点" : "trail checkpoint")} #{checkpoint.Sequence} · {checkpoint.Count} {(zh ? "条记录" : "records")} · #{checkpoint.LastRecordId} · {checkpoint.At.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffffZ}",
            7,
            color: SKColors.Gray);
        page.Text($"hash {checkpoint.Hash}", 7, color: SKColors.Gray);
        page.Text($"signature {checkpoint.Signature}", 7, color: SKColors.Gray);
    }

    private static string Title(MonthlyReportData data, bool zh)
    {
        var month = DateOnly.ParseExact(data.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return zh
            ? $"隐患排查治理月报 {month.Year}年{month.Month}月"
            : $"Monthly safety report, {month.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("en-US"))}";
    }

    /// <summary>A category as the pages name it, never its key; an asset type the pages do not know shows as it is.</summary>
    private static string Category(string assetType, bool zh) =>
        Ui.Keys.Contains("category." + assetType) ? (zh ? Ui.Both("category." + assetType).Zh : Ui.Both("category." + assetType).En) : assetType;

    private static void Figures(PdfPageWriter page, MonthlyReportData data, bool zh)
    {
        var t = data.Totals;
        page.Heading(zh ? "本月概况" : "The month at a glance");
        string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        string Hours(double? hours) => hours is { } h ? h.ToString("0.0", CultureInfo.InvariantCulture) : "-";
        var lines = zh
            ? new[]
            {
                $"发现隐患 {t.Raised} 项，其中重大隐患 {data.Major} 项，重复隐患 {data.Repeats} 项",
                $"已整改销号 {t.Closed} 项，按期整改 {t.ClosedOnTime} 项，逾期未整改 {t.OpenOverdue} 项",
                $"整改率 {Percent(t.ClosureRate)}，按期整改率 {Percent(t.OnTimeRate)}",
                $"整改用时中位数 {Hours(t.MedianHoursToClose)} 小时，90%分位 {Hours(t.P90HoursToClose)} 小时",
                $"验收退回 {t.Rejections} 次，延期申请 {t.ExtensionRequests} 次",
                $"未销号隐患账龄：0-7天 {t.Aging.Days0To7} 项，8-30天 {t.Aging.Days8To30} 项，30天以上 {t.Aging.Over30Days} 项",
            }
            : new[]
            {
                $"Findings raised: {t.Raised} (major: {data.Major}, repeats: {data.Repeats})",
                $"Closed: {t.Closed}, closed on time: {t.ClosedOnTime}, open and overdue: {t.OpenOverdue}",
                $"Closure rate {Percent(t.ClosureRate)}, on-time rate {Percent(t.OnTimeRate)}",
                $"Time to close: median {Hours(t.MedianHoursToClose)} h, 90th percentile {Hours(t.P90HoursToClose)} h",
                $"Fixes rejected: {t.Rejections}, extension requests: {t.ExtensionRequests}",
                $"Open findings by age: 0-7 days {t.Aging.Days0To7}, 8-30 days {t.Aging.Days8To30}, over 30 days {t.Aging.Over30Days}",
            };
        foreach (var line in lines)
        {
            page.Text(line, 11);
        }

        page.Gap(8);
    }

    /// <summary>A grouped bar chart: raised and closed per group, values above the bars, names below.</summary>
    private static void Bars(PdfPageWriter page, string title, IReadOnlyList<(string Name, ClosureRow Row)> groups, bool zh)
    {
        if (groups.Count == 0)
        {
            return;
        }

        const float chartHeight = 120;
        page.EnsureSpace(chartHeight + 70);
        page.Heading(title);
        var canvas = page.Canvas;
        var top = page.Y + 24;
        var bottom = top + chartHeight;
        var width = PageWidth - (2 * Margin);
        var max = Math.Max(1, groups.Max(g => g.Row.Raised));
        var slot = width / groups.Count;
        var bar = Math.Min(28, (slot - 12) / 2);
        using var raisedPaint = new SKPaint { Color = new SKColor(0x4A, 0x78, 0xB0), IsAntialias = true };
        using var closedPaint = new SKPaint { Color = new SKColor(0x5C, 0xA8, 0x5C), IsAntialias = true };
        using var axis = new SKPaint { Color = SKColors.Gray, StrokeWidth = 0.8f, IsAntialias = true };
        canvas.DrawLine(Margin, bottom, Margin + width, bottom, axis);
        for (var i = 0; i < groups.Count; i++)
        {
            var (name, row) = groups[i];
            var x = Margin + (i * slot) + ((slot - (2 * bar)) / 2);
            foreach (var (value, paint, offset) in new[] { (row.Raised, raisedPaint, 0f), (row.Closed, closedPaint, bar) })
            {
                var height = chartHeight * value / max;
                canvas.DrawRect(x + offset, bottom - height, bar - 2, height, paint);
                page.TextAt(value.ToString(CultureInfo.InvariantCulture), x + offset + ((bar - 2) / 2), bottom - height - 3, 8, SKTextAlign.Center);
            }

            page.TextAt(page.Fit(name, 8, slot - 4), Margin + (i * slot) + (slot / 2), bottom + 12, 8, SKTextAlign.Center);
        }

        var legendY = bottom + 26;
        canvas.DrawRect(Margin, legendY - 7, 8, 8, raisedPaint);
        page.TextAt(zh ? "发现" : "raised", Margin + 12, legendY, 8, SKTextAlign.Left);
        canvas.DrawRect(Margin + 60, legendY - 7, 8, 8, closedPaint);
        page.TextAt(zh ? "销号" : "closed", Margin + 72, legendY, 8, SKTextAlign.Left);
        page.Y = legendY + 14;
    }

    private static void Stars(PdfPageWriter page, MonthlyReportData data, bool zh)
    {
        if (data.Ratings.Count == 0)
        {
            return;
        }

        page.Heading(zh ? "责任区星级评定" : "Zone stars");
        foreach (var rating in data.Ratings)
        {
            page.Text(StarLine(rating, zh), 10);
        }

        page.Gap(6);
        page.Heading(zh ? "得分最低的责任区（五星以下）" : "Lowest-scoring zones (below five stars)");
        var below = data.Ratings.Where(r => r.Rating.Stars < 5).OrderBy(r => r.Rating.Score).ThenBy(r => r.Zone, StringComparer.Ordinal).Take(WorstZones).ToList();
        if (below.Count == 0)
        {
            page.Text(zh ? "所有责任区均为五星，没有需要列出的责任区。" : "Every zone has five stars; none is listed.", 10);
        }

        var rank = 1;
        foreach (var rating in below)
        {
            page.Text($"{rank++}. {StarLine(rating, zh)}", 10);
        }

        page.Gap(6);
    }

    private static string StarLine(Runtime.ZoneMonthRating rating, bool zh)
    {
        var stars = new string('★', rating.Rating.Stars) + new string('☆', 5 - rating.Rating.Stars);
        var score = rating.Rating.Score.ToString("0.00", CultureInfo.InvariantCulture);
        return zh
            ? $"{rating.ZoneName}  {stars}  {rating.Rating.Stars}星  得分 {score}"
            : $"{rating.ZoneName}  {stars}  {rating.Rating.Stars} {(rating.Rating.Stars == 1 ? "star" : "stars")}  score {score}";
    }

    private static void Overdue(PdfPageWriter page, MonthlyReportData data, WorkCalendar calendar, bool zh)
    {
        page.Heading(zh ? $"逾期未整改隐患（{data.OverdueCount} 项）" : $"Overdue findings ({data.OverdueCount})");
        if (data.OverdueCount == 0)
        {
            page.Text(zh ? "无" : "None", 10);
            return;
        }

        foreach (var entry in data.Overdue)
        {
            var due = calendar.ToLocal(entry.DueAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var what = zh
                ? $"{(entry.Major ? "【重大】" : "")}{entry.Zone}：{entry.Item}"
                : $"{(entry.Major ? "[major] " : "")}{entry.Zone}: {entry.Item}";
            var state = zh
                ? $"    责任人 {entry.Owner}，期限 {due}，逾期 {entry.DaysOverdue} 天，升级 {entry.EscalationLevel} 级"
                : $"    owner {entry.Owner}, due {due}, {entry.DaysOverdue} days overdue, level {entry.EscalationLevel}";
            page.EnsureSpace(32);
            page.Text(page.Fit(what, 9, PageWidth - (2 * Margin)), 9);
            page.Text(state, 9, color: SKColors.DimGray);
        }

        // The list stops at the longest overdue (SafetyFlow:Reports:PdfWorstCount); the heading and this line give the rest.
        var more = data.OverdueCount - data.Overdue.Count;
        if (more > 0)
        {
            var count = more.ToString("N0", CultureInfo.InvariantCulture);
            page.EnsureSpace(20);
            page.Text(
                zh
                    ? $"另有 {count} 项逾期隐患未列出（以上按逾期时间从长到短列出 {data.Overdue.Count} 项）"
                    : $"and {count} more overdue {(more == 1 ? "finding" : "findings")}, not listed (above: the {data.Overdue.Count} overdue longest)",
                9);
        }
    }
}
