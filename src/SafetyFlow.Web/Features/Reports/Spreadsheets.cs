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
        text.Append(CsvLine(table.Headers));
        foreach (var row in table.Rows)
        {
            text.Append(CsvLine(row));
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>Writes the CSV to <paramref name="body"/> as the rows come, so that only a buffer's worth is held at a time.</summary>
    public static async Task CsvAsync(Stream body, IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<object?>> rows, CancellationToken cancellationToken)
    {
        var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync(CsvLine(headers).AsMemory(), cancellationToken).ConfigureAwait(false);
            await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(CsvLine(row).AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string CsvLine<T>(IReadOnlyList<T> values) =>
        string.Join(',', values.Select(v => Quote(v switch
        {
            null => "",
            DateTime d => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => Inert(v.ToString() ?? ""),
        }))) + "\r\n";

    public static byte[] Xlsx(SheetTable table, string sheetName)
    {
        using var stream = new MemoryStream();
        using (var sheet = new XlsxSheet(SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook), table.Headers, sheetName))
        {
            foreach (var row in table.Rows)
            {
                sheet.Write(row);
            }
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Writes the workbook to <paramref name="body"/>, its sheet row by row with the Open XML SDK's streaming writer, no
    /// element tree of the sheet is built. The package is built in a temporary file (deleted when done) that is then
    /// copied to the body.
    /// </summary>
    public static async Task XlsxAsync(
        Stream body, IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<object?>> rows, string sheetName, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"safetyflow-{Guid.NewGuid():N}.xlsx");
        try
        {
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 64 * 1024);
            await using (file.ConfigureAwait(false))
            {
                using var sheet = new XlsxSheet(SpreadsheetDocument.Create(file, SpreadsheetDocumentType.Workbook), headers, sheetName);
                await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    sheet.Write(row);
                }
            }

            var written = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, bufferSize: 64 * 1024, FileOptions.Asynchronous);
            await using (written.ConfigureAwait(false))
            {
                await written.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>One worksheet written start to end: header row, then rows as they come; disposing finishes the workbook.</summary>
    private sealed class XlsxSheet : IDisposable
    {
        private readonly SpreadsheetDocument _document;
        private readonly WorkbookPart _workbook;
        private readonly WorksheetPart _sheetPart;
        private readonly OpenXmlWriter _writer;
        private readonly int _columns;
        private readonly string _sheetName;
        private uint _rowIndex;

        public XlsxSheet(SpreadsheetDocument document, IReadOnlyList<string> headers, string sheetName)
        {
            _document = document;
            _sheetName = sheetName;
            _columns = headers.Count;
            _workbook = document.AddWorkbookPart();
            _workbook.Workbook = new Workbook();
            var styles = _workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();

            _sheetPart = _workbook.AddNewPart<WorksheetPart>();
            _writer = OpenXmlWriter.Create(_sheetPart);
            _writer.WriteStartElement(new Worksheet());
            _writer.WriteElement(new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = 1,
                TopLeftCell = "A2",
                ActivePane = PaneValues.BottomLeft,
                State = PaneStateValues.Frozen,
            })
            { WorkbookViewId = 0 }));
            _writer.WriteElement(new Columns(new Column { Min = 1, Max = (uint)_columns, Width = 18, CustomWidth = true }));
            _writer.WriteStartElement(new SheetData());
            _writer.WriteElement(Row(++_rowIndex, [.. headers], HeaderStyle));
        }

        public void Write(IReadOnlyList<object?> values) => _writer.WriteElement(Row(++_rowIndex, values, style: null));

        public void Dispose()
        {
            _writer.WriteEndElement();
            _writer.WriteElement(new AutoFilter { Reference = $"A1:{ColumnName(_columns)}{_rowIndex}" });
            _writer.WriteEndElement();
            _writer.Close();

            _workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = _workbook.GetIdOfPart(_sheetPart), SheetId = 1, Name = _sheetName }));
            _workbook.Workbook.Save();
            _document.Dispose();
        }
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
