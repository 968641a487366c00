using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>A header row and value rows; values are text, whole numbers, dates or empty.</summary>
internal sealed record SheetTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>Writes a table as CSV (UTF-8 with a byte-order mark, so that Excel reads Chinese text) or as an XLSX workbook.</summary>
internal static class Spreadsheets
{
    private const uint DateStyle = 1;
    private const uint HeaderStyle = 2;

    public static byte[] Csv(SheetTable table)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', table.Headers.Select(Quote)).Append("\r\n");
        foreach (var row in table.Rows)
        {
            text.AppendJoin(',', row.Select(v => Quote(v switch
            {
                null => "",
                DateTime d => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => Inert(v.ToString() ?? ""),
            }))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static byte[] Xlsx(SheetTable table, string sheetName)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();

            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(1, table.Headers.Cast<object?>().ToList(), HeaderStyle));
            for (var i = 0; i < table.Rows.Count; i++)
            {
                data.Append(Row((uint)(i + 2), table.Rows[i], style: null));
            }

            var lastColumn = ColumnName(table.Headers.Count);
            sheetPart.Worksheet = new Worksheet(
                new SheetViews(new SheetView(new Pane
                {
                    VerticalSplit = 1,
                    TopLeftCell = "A2",
                    ActivePane = PaneValues.BottomLeft,
                    State = PaneStateValues.Frozen,
                })
                { WorkbookViewId = 0 }),
                new Columns(new Column { Min = 1, Max = (uint)table.Headers.Count, Width = 18, CustomWidth = true }),
                data,
                new AutoFilter { Reference = $"A1:{lastColumn}{table.Rows.Count + 1}" });

            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName }));
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Row Row(uint index, IReadOnlyList<object?> values, uint? style)
    {
        var row = new Row { RowIndex = index };
        for (var c = 0; c < values.Count; c++)
        {
            var reference = $"{ColumnName(c + 1)}{index}";
            Cell cell = values[c] switch
            {
                null => new Cell { CellReference = reference },
                int n => new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(n) },
                DateTime d => new Cell { CellReference = reference, StyleIndex = DateStyle, CellValue = new CellValue(d.ToOADate().ToString(CultureInfo.InvariantCulture)) },
                var v => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Inert(v.ToString() ?? ""))) },
            };
            if (style is { } s)
            {
                cell.StyleIndex = s;
            }

            row.Append(cell);
        }

        return row;
    }

    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd hh:mm" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
        { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true })
        { Count = 3 });

    internal static string ColumnName(int number)
    {
        var name = "";
        for (var n = number; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>
    /// Text as people typed it, made inert for spreadsheet programs: a value starting with <c>=</c>, <c>+</c>, <c>-</c>,
    /// <c>@</c>, a tab or a carriage return would be taken for a formula when the file is opened (or re-saved and opened),
    /// so it gets a leading apostrophe, which shows the text as typed. Numbers and dates are written as such and untouched.
    /// </summary>
    internal static string Inert(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
