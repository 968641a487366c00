using System.Globalization;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;
using SkiaSharp;

namespace SafetyFlow.Web.Features.Inspections;

/// <summary>
/// What the printed record holds: the <paramref name="Record"/> in <paramref name="Language"/>, when it was
/// <paramref name="GeneratedAt"/>, the <paramref name="Thumbnails"/> of its photos by id, and the address of a finding's page.
/// </summary>
internal sealed record InspectionRecordDocument(
    InspectionRecord Record, string Language, DateTimeOffset GeneratedAt, IReadOnlyDictionary<Guid, byte[]> Thumbnails, Func<Guid, string> FindingUrl);

/// <summary>Draws an inspection's record as an A4 PDF, every text in the reader's language, the page's words from <see cref="Ui"/>.</summary>
internal static class InspectionRecordPdf
{
    private const float Width = PdfPageWriter.PageWidth - (2 * PdfPageWriter.Margin);
    private const float Indent = 14;
    private const float ThumbHeight = 72;
    private const float ThumbWidth = 96;

    private static readonly SKColor Pass = new(0x1F, 0x7A, 0x3A);
    private static readonly SKColor Fail = new(0xB3, 0x26, 0x1E);

    public static byte[] Render(InspectionRecordDocument document, SKTypeface typeface, WorkCalendar calendar)
    {
        var record = document.Record;
        var t = new Texts(document.Language == "zh-CN");
        var generated = calendar.ToLocal(document.GeneratedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var frame = new PdfPageFrame(
            t.Format("record.pageHeader", record.ZoneName, $"{record.Title} {record.Week}", generated, calendar.Zone.Id),
            (page, pages) => t.Format("record.page", page, pages));
        var metadata = new SKDocumentPdfMetadata
        {
            Title = $"{t["record.title"]} · {record.ZoneName} · {record.Title} · {record.Week}",
            Creator = "SafetyFlow",
            Creation = calendar.ToLocal(document.GeneratedAt).DateTime,
        };
        return PdfPageWriter.Write(typeface, metadata, frame, page =>
        {
            page.Paragraph($"{t["record.title"]} · {record.Title}", 18, bold: true);
            page.Text(t.Format("record.generated", generated, calendar.Zone.Id), 9, color: SKColors.Gray);
            page.Gap(8);
            Header(page, record, calendar, t);
            foreach (var asset in record.Assets)
            {
                Asset(page, asset, document.Thumbnails, t);
            }

            Findings(page, document, calendar, t);
            page.EnsureSpace(60);
            page.Gap(24);
            page.Text(t["record.inspectorSignature"], 10);
        });
    }

    private static void Header(PdfPageWriter page, InspectionRecord record, WorkCalendar calendar, Texts t)
    {
        string When(DateTimeOffset instant) => calendar.ToLocal(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        string Time(DateTimeOffset instant) => calendar.ToLocal(instant).ToString("HH:mm", CultureInfo.InvariantCulture);
        var visit = record.Visit;
        var inspector = record.Inspector.DisplayName.Length > 0 ? record.Inspector.DisplayName + t.Aside(record.Inspector.UserName) : record.Inspector.UserName;
        page.Paragraph($"{t.Label("record.zone")}{record.ZoneName} · {record.UnitName} · {t["record.week"]} {record.Week}", 10);
        page.Text($"{t.Label("record.inspector")}{inspector}", 10);
        page.Text($"{t.Label("record.submitted")}{When(record.SubmittedAt)}{t.Aside(calendar.Zone.Id)}", 10);
        page.Text($"{t.Label("record.window")}{When(record.VisitWindow.Start)} – {Time(record.VisitWindow.End)}", 10);
        var onSite = visit.ArrivedAt is { } arrived
            ? t.Format(visit.ArrivedByPhoneTime ? "visit.onSitePhone" : "visit.onSite", When(arrived))
            : t["visit.notOnSite"];
        page.Paragraph(onSite, 10, bold: true, color: visit.OnSite ? Pass : SKColors.DimGray);
        if (visit.Timing is { } timing)
        {
            page.Paragraph(t["visit." + timing], 10, color: timing == "inWindow" ? SKColors.Black : Fail);
        }

        if (visit.FinishedOnPhoneAt is { } finished)
        {
            page.Paragraph(t.Format("visit.sentLater", When(finished), When(record.SubmittedAt)), 10);
        }

        page.Gap(4);
        page.Paragraph(
            t.Format("record.summary", record.AnswerCount, record.CountOf("pass"), record.CountOf("fail"), record.CountOf("na"), record.PhotoCount, record.Findings.Count),
            10,
            bold: true);
    }

    private static void Asset(PdfPageWriter page, RecordAsset asset, IReadOnlyDictionary<Guid, byte[]> thumbnails, Texts t)
    {
        page.Heading(asset.AssetName + t.Aside(asset.Asset));
        foreach (var answer in asset.Answers)
        {
            page.EnsureSpace(30);
            page.Gap(2);
            var outcome = t["outcome." + answer.Outcome];
            page.Paragraph(
                $"[{outcome}] {answer.Text}",
                10,
                bold: answer.Outcome == "fail",
                color: answer.Outcome switch { "fail" => Fail, "na" => SKColors.DimGray, _ => SKColors.Black });
            if (answer.Reading is { } reading)
            {
                page.Text($"{t.Label("record.reading")}{reading}", 9, indent: Indent);
            }

            if (!string.IsNullOrEmpty(answer.Note))
            {
                page.Paragraph($"{t.Label("record.note")}{answer.Note}", 9, color: SKColors.DimGray, indent: Indent);
            }

            if (answer.Photos.Count > 0)
            {
                page.Text(t.Format("record.photos", answer.Photos.Count), 9, indent: Indent);
                Thumbnails(page, answer.Photos, thumbnails);
            }
        }
    }

    /// <summary>The answer's photos side by side, each within a small box and keeping its shape; a photo not found is left out.</summary>
    private static void Thumbnails(PdfPageWriter page, IReadOnlyList<Guid> photos, IReadOnlyDictionary<Guid, byte[]> thumbnails)
    {
        var x = PdfPageWriter.Margin + Indent;
        var rowStarted = false;
        foreach (var id in photos)
        {
            if (!thumbnails.TryGetValue(id, out var bytes))
            {
                continue;
            }

            using var image = SKImage.FromEncodedData(bytes);
            if (image is null)
            {
                continue;
            }

            if (!rowStarted || x + ThumbWidth > PdfPageWriter.Margin + Width)
            {
                if (rowStarted)
                {
                    page.Gap(ThumbHeight + 6);
                }

                page.EnsureSpace(ThumbHeight + 10);
                page.Gap(4);
                x = PdfPageWriter.Margin + Indent;
                rowStarted = true;
            }

            var scale = Math.Min(ThumbWidth / image.Width, ThumbHeight / image.Height);
            var area = SKRect.Create(x, page.Y, image.Width * scale, image.Height * scale);
            page.Canvas.DrawImage(image, area, new SKSamplingOptions(SKFilterMode.Linear));
            x += ThumbWidth + 8;
        }

        if (rowStarted)
        {
            page.Gap(ThumbHeight + 6);
        }
    }

    private static void Findings(PdfPageWriter page, InspectionRecordDocument document, WorkCalendar calendar, Texts t)
    {
        var record = document.Record;
        page.Gap(6);
        page.Heading(t["record.findings"] + t.Aside(record.Findings.Count.ToString(CultureInfo.InvariantCulture)));
        if (record.Findings.Count == 0)
        {
            page.Text(t["record.noFindings"], 10);
            return;
        }

        foreach (var finding in record.Findings)
        {
            page.EnsureSpace(48);
            page.Gap(2);
            page.Paragraph($"[{t["severity." + finding.Severity]}] {finding.Item} · {finding.AssetName}{t.Aside(finding.Asset)}", 10, bold: true);
            var owner = finding.Owner.DisplayName.Length > 0 ? finding.Owner.DisplayName : finding.Owner.UserName;
            var due = calendar.ToLocal(finding.DueAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            page.Text(t.Format("record.findingLine", finding.StateTitle, owner, due), 9, indent: Indent);
            var url = document.FindingUrl(finding.Id);
            page.Text(url, 8, color: SKColors.SteelBlue, indent: Indent);
            page.Link(SKRect.Create(PdfPageWriter.Margin + Indent, page.Y - 9, Width - Indent, 11), url);
        }
    }

    /// <summary>The page's words in the record's language.</summary>
    private sealed class Texts(bool zh)
    {
        public string this[string key] => zh ? Ui.Both(key).Zh : Ui.Both(key).En;

        public string Format(string key, params object[] values) => string.Format(CultureInfo.InvariantCulture, this[key], values);

        /// <summary>The text of a label followed by its colon: <c>检查人：</c>, <c>Inspected by: </c>.</summary>
        public string Label(string key) => Format("common.label", this[key]);

        /// <summary>A remark in brackets after what it remarks on: <c>（member-canteen）</c>, <c> (member-canteen)</c>.</summary>
        public string Aside(string text) => Format("common.aside", text);
    }
}
