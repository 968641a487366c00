using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Spreadsheet;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>The hazard register (隐患台账) exported as XLSX and CSV, read back.</summary>
public sealed class RegisterTests(NovemberFixture november) : IClassFixture<NovemberFixture>
{
    [Fact]
    public async Task The_xlsx_register_reads_back_with_every_finding_its_five_fixes_and_chinese_text_intact()
    {
        var response = await GetAsync("/api/reports/register?from=2026-11-01&to=2026-11-30&format=xlsx", "zh-CN");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);

        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);

        // Valid against the Office Open XML schema that Excel and LibreOffice read.
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2016).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var workbook = document.WorkbookPart!;
        var sheet = Assert.Single(workbook.Workbook.Sheets!.Elements<Sheet>());
        Assert.Equal("隐患台账", sheet.Name!.Value);
        var rows = ReadRows((WorksheetPart)workbook.GetPartById(sheet.Id!.Value!));

        var header = rows[0];
        Assert.Equal(6, rows.Count);
        foreach (var column in new[] { "隐患编号", "整改责任人", "整改期限", "整改措施", "整改资金", "整改负责人", "应急预案", "整改完成时间", "验收销号时间", "验收退回次数", "升级层级", "挂牌督办" })
        {
            Assert.Contains(column, header);
        }

        var byId = rows.Skip(1).ToDictionary(r => r[header.IndexOf("隐患编号")]);
        string Cell(string finding, string column) => byId[finding][header.IndexOf(column)];

        Assert.Equal("重大隐患", Cell(november.E, "隐患等级"));
        Assert.Equal("更换失效灭火器并张贴检查卡", Cell(november.E, "整改措施"));
        Assert.Equal("王师傅", Cell(november.E, "整改负责人"));
        Assert.Equal("临时调配两具灭火器", Cell(november.E, "应急预案"));
        Assert.Equal("是", Cell(november.E, "挂牌督办"));
        Assert.Equal("3", Cell(november.E, "升级层级"));
        Assert.Equal("", Cell(november.E, "验收销号时间"));

        Assert.Equal("1", Cell(november.B, "验收退回次数"));
        Assert.Equal("是", Cell(november.B, "按期整改"));
        Assert.Equal("否", Cell(november.D, "按期整改"));
        Assert.StartsWith("隐患：", Cell(november.A, "隐患描述"), StringComparison.Ordinal);

        // Dates are real spreadsheet dates in Shanghai wall-clock time.
        Assert.Equal(new DateTime(2026, 11, 23, 9, 0, 0), DateTime.FromOADate(double.Parse(Cell(november.A, "发现时间"), CultureInfo.InvariantCulture)));
        Assert.Equal(new DateTime(2026, 11, 24, 9, 0, 0), DateTime.FromOADate(double.Parse(Cell(november.A, "验收销号时间"), CultureInfo.InvariantCulture)));
        Assert.Equal(new DateTime(2026, 11, 30, 9, 0, 0), DateTime.FromOADate(double.Parse(Cell(november.C, "整改期限"), CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_csv_register_is_utf8_with_a_byte_order_mark_and_english_headers_on_request()
    {
        var response = await GetAsync("/api/reports/register?from=2026-11-01&to=2026-11-30&format=csv", "en");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);

        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        var header = lines[0].Split(',');
        Assert.Equal(["No.", "Finding id"], header[..2]);
        var e = lines.Single(l => l.Contains(november.E, StringComparison.Ordinal)).Split(',');
        Assert.Equal("major", e[Array.IndexOf(header, "Severity")]);
        Assert.Equal("更换失效灭火器并张贴检查卡", e[Array.IndexOf(header, "Measures")]);
        Assert.Equal("2026-11-24 09:00", e[Array.IndexOf(header, "Deadline")]);
    }

    [Fact]
    public async Task An_unknown_format_or_a_bad_date_is_refused_naming_the_field()
    {
        var safety = await november.App.SignInAsync("safety1");
        Assert.Contains("format", (await safety.GetJsonAsync("/api/reports/register?format=pdf", HttpStatusCode.BadRequest)).Errors().Keys);
        Assert.Contains("from", (await safety.GetJsonAsync("/api/reports/register?from=yesterday", HttpStatusCode.BadRequest)).Errors().Keys);
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string language)
    {
        var safety = await november.App.SignInAsync("safety1");
        safety.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        var response = await safety.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    /// <summary>Every row as text, one entry per column (empty for a missing cell).</summary>
    private static List<List<string>> ReadRows(WorksheetPart part)
    {
        var rows = new List<List<string>>();
        foreach (var row in part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>())
        {
            var values = new List<string>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = ColumnIndex(cell.CellReference!.Value!);
                while (values.Count < column)
                {
                    values.Add("");
                }

                values.Add(cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText : cell.CellValue?.Text ?? "");
            }

            rows.Add(values);
        }

        var width = rows[0].Count;
        rows.ForEach(r => r.AddRange(Enumerable.Repeat("", Math.Max(0, width - r.Count))));
        return rows;
    }

    private static int ColumnIndex(string reference) =>
        reference.TakeWhile(char.IsLetter).Aggregate(0, (n, c) => (n * 26) + (c - 'A' + 1)) - 1;
}
