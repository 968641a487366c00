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
        var language = data.Language;
        var metadata = new SKDocumentPdfMetadata
        {
            Title = Title(data),
            Creator = "SafetyFlow",
            Creation = calendar.ToLocal(data.GeneratedAt).DateTime,
        };
        var generated = calendar.ToLocal(data.GeneratedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return PdfPageWriter.Write(typeface, metadata, Frame(data, calendar), page =>
        {
            page.Text(Title(data), 20, bold: true);
            page.Text(Ui.FormatIn("monthly.generated", language, generated, calendar.Zone.Id), 9, color: SKColors.Gray);
            page.Gap(10);

            Figures(page, data);
            Bars(page, Ui.Text("monthly.byZone", language), data.ByZone, language);
            Bars(page, Ui.Text("monthly.byCategory", language), [.. data.ByCategory.Select(c => (Ui.Category(c.Name, language), c.Row))], language);
            Stars(page, data);
            Overdue(page, data, calendar);
            Checkpoint(page, data.Checkpoint, language);
            SignOff(page, language);
        });
    }

    /// <summary>Every page's header and foot: the report, its period and when it was made; the page of how many.</summary>
    private static PdfPageFrame Frame(MonthlyReportData data, WorkCalendar calendar)
    {
        var first = DateOnly.ParseExact(data.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var from = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = first.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var generated = calendar.ToLocal(data.GeneratedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new PdfPageFrame(Ui.FormatIn("monthly.header", data.Language, from, to, generated, calendar.Zone.Id), PageOf(data.Language));
    }

    /// <summary>"第 2 页，共 5 页" or "Page 2 of 5".</summary>
    internal static Func<int, int, string> PageOf(string language) =>
        (page, pages) => Ui.FormatIn("monthly.pageOf", language, page, pages);

    /// <summary>Where the safety office signs the printed report as reviewed.</summary>
    private static void SignOff(PdfPageWriter page, string language)
    {
        page.EnsureSpace(150);
        page.Gap(12);
        page.Heading(Ui.Text("monthly.signOff", language));
        page.Text(Ui.Text("monthly.signOff.remarks", language), 10);
        page.Gap(30);
        page.Text(Ui.Text("monthly.signOff.reviewer", language), 10);
        page.Gap(14);
        page.Text(Ui.Text("monthly.signOff.head", language), 10);
    }

    /// <summary>The trail's signed head, so that the printed report can be handed back to show the trail was not rebuilt since.</summary>
    private static void Checkpoint(PdfPageWriter page, Audit.CheckpointView? checkpoint, string language)
    {
        if (checkpoint is null)
        {
            return;
        }

        page.Gap(12);
        var at = checkpoint.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
        page.Text(
            Ui.FormatIn("monthly.checkpoint", language, checkpoint.Sequence, checkpoint.Count, checkpoint.LastRecordId, at),
            7,
            color: SKColors.Gray);
        page.Text($"hash {checkpoint.Hash}", 7, color: SKColors.Gray);
        page.Text($"signature {checkpoint.Signature}", 7, color: SKColors.Gray);
    }

    private static string Title(MonthlyReportData data)
    {
        var month = DateOnly.ParseExact(data.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Ui.FormatIn("monthly.title", data.Language, month, month.Year, month.Month);
    }

    private static void Figures(PdfPageWriter page, MonthlyReportData data)
    {
        var t = data.Totals;
        var language = data.Language;
        page.Heading(Ui.Text("monthly.glance", language));
        string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        string Hours(double? hours) => hours is { } h ? h.ToString("0.0", CultureInfo.InvariantCulture) : "-";
        string[] lines =
        [
            Ui.FormatIn("monthly.glance.raised", language, t.Raised, data.Major, data.Repeats),
            Ui.FormatIn("monthly.glance.closed", language, t.Closed, t.ClosedOnTime, t.OpenOverdue),
            Ui.FormatIn("monthly.glance.rates", language, Percent(t.ClosureRate), Percent(t.OnTimeRate)),
            Ui.FormatIn("monthly.glance.timeToClose", language, Hours(t.MedianHoursToClose), Hours(t.P90HoursToClose)),
            Ui.FormatIn("monthly.glance.rework", language, t.Rejections, t.ExtensionRequests),
            Ui.FormatIn("monthly.glance.aging", language, t.Aging.Days0To7, t.Aging.Days8To30, t.Aging.Over30Days),
        ];
        foreach (var line in lines)
        {
            page.Text(line, 11);
        }

        page.Gap(8);
    }

    /// <summary>A grouped bar chart: raised and closed per group, values above the bars, names below.</summary>
    private static void Bars(PdfPageWriter page, string title, IReadOnlyList<(string Name, ClosureRow Row)> groups, string language)
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
        page.TextAt(Ui.Text("monthly.legend.raised", language), Margin + 12, legendY, 8, SKTextAlign.Left);
        canvas.DrawRect(Margin + 60, legendY - 7, 8, 8, closedPaint);
        page.TextAt(Ui.Text("monthly.legend.closed", language), Margin + 72, legendY, 8, SKTextAlign.Left);
        page.Y = legendY + 14;
    }

    private static void Stars(PdfPageWriter page, MonthlyReportData data)
    {
        var language = data.Language;
        if (data.Ratings.Count == 0)
        {
            return;
        }

        page.Heading(Ui.Text("monthly.stars", language));
        foreach (var rating in data.Ratings)
        {
            page.Text(StarLine(rating, language), 10);
        }

        page.Gap(6);
        page.Heading(Ui.Text("monthly.stars.lowest", language));
        var below = data.Ratings.Where(r => r.Rating.Stars < 5).OrderBy(r => r.Rating.Score).ThenBy(r => r.Zone, StringComparer.Ordinal).Take(WorstZones).ToList();
        if (below.Count == 0)
        {
            page.Text(Ui.Text("monthly.stars.allFive", language), 10);
        }

        var rank = 1;
        foreach (var rating in below)
        {
            page.Text($"{rank++}. {StarLine(rating, language)}", 10);
        }

        page.Gap(6);
    }

    private static string StarLine(Runtime.ZoneMonthRating rating, string language)
    {
        var stars = new string('★', rating.Rating.Stars) + new string('☆', 5 - rating.Rating.Stars);
        var score = rating.Rating.Score.ToString("0.00", CultureInfo.InvariantCulture);
        return Ui.FormatIn(OneOrOther("monthly.stars.line", rating.Rating.Stars), language, rating.ZoneName, stars, rating.Rating.Stars, score);
    }

    /// <summary>The key of a count's sentence: English says "1 star" but "2 stars".</summary>
    private static string OneOrOther(string key, int count) => key + (count == 1 ? ".one" : ".other");

    private static void Overdue(PdfPageWriter page, MonthlyReportData data, WorkCalendar calendar)
    {
        var language = data.Language;
        page.Heading(Ui.FormatIn("monthly.overdue", language, data.OverdueCount));
        if (data.OverdueCount == 0)
        {
            page.Text(Ui.Text("monthly.overdue.none", language), 10);
            return;
        }

        foreach (var entry in data.Overdue)
        {
            var due = calendar.ToLocal(entry.DueAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var what = Ui.FormatIn(entry.Major ? "monthly.overdue.major" : "common.labelled", language, entry.Zone, entry.Item);
            var state = "    " + Ui.FormatIn("monthly.overdue.state", language, entry.Owner, due, entry.DaysOverdue, entry.EscalationLevel);
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
            page.Text(Ui.FormatIn(OneOrOther("monthly.overdue.more", more), language, count, data.Overdue.Count), 9);
        }
    }
}
