using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using SafetyFlow.Web.Features.Reports;

namespace SafetyFlow.UnitTests.Features.Reports;

public sealed class SpreadsheetsTests
{
    private static readonly SheetTable Table = new(
        ["note", "value"],
        [
            ["=HYPERLINK(\"http://evil.example\",\"click\")", -12],
            ["+1+1", 3],
            ["-2+3", 4],
            ["@SUM(A1:A2)", 5],
            ["\tindented", 6],
            ["a plain note, with a comma", 7],
        ]);

    [Fact]
    public void Csv_text_that_a_spreadsheet_would_run_as_a_formula_is_written_inert_and_numbers_stay_numbers()
    {
        var lines = Encoding.UTF8.GetString(Spreadsheets.Csv(Table)).TrimStart('\uFEFF').Split("\r\n");

        Assert.Equal("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",-12", lines[1]);
        Assert.Equal("'+1+1,3", lines[2]);
        Assert.Equal("'-2+3,4", lines[3]);
        Assert.Equal("'@SUM(A1:A2),5", lines[4]);
        Assert.Equal("'\tindented,6", lines[5]);
        Assert.Equal("\"a plain note, with a comma\",7", lines[6]);
    }

    [Fact]
    public void Xlsx_cells_hold_such_text_as_inert_text_and_no_formula()
    {
        using var stream = new MemoryStream(Spreadsheets.Xlsx(Table, "Register"));
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        var cells = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().ToList();

        Assert.DoesNotContain(cells, c => c.CellFormula is not null);
        var texts = cells.Where(c => c.InlineString is not null).Select(c => c.InlineString!.InnerText).ToList();
        Assert.Contains("'=HYPERLINK(\"http://evil.example\",\"click\")", texts);
        Assert.Contains("'-2+3", texts);
        Assert.Contains("a plain note, with a comma", texts);
    }

    [Fact]
    public async Task Xlsx_goes_to_a_forward_only_body_in_chunks_while_the_rows_come_and_reads_back_whole_and_valid()
    {
        const int Rows = 20_000;
        var body = new AsyncOnlyBody();
        var sentBeforeTheLastRow = 0L;

        async IAsyncEnumerable<IReadOnlyList<object?>> RowsAsync()
        {
            for (var n = 1; n <= Rows; n++)
            {
                if (n == Rows)
                {
                    sentBeforeTheLastRow = body.Received;
                }

                await Task.Yield();
                yield return [n, $"灭火器压力不足 {n}", new DateTime(2026, 11, 23, 9, 0, 0).AddMinutes(n), n % 2 == 0 ? null : "=1+1"];
            }
        }

        await Spreadsheets.XlsxAsync(body, ["序号", "隐患描述", "发现时间", "备注"], RowsAsync(), "隐患台账", CancellationToken.None);

        // Most of the file had gone out before the last row was read: nothing waited for the whole sheet.
        Assert.InRange(sentBeforeTheLastRow, 64 * 1024, body.Received);
        using var stream = new MemoryStream(body.Content);
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2016).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        Assert.Equal("隐患台账", document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single().Name!.Value);
        var rows = document.WorkbookPart.WorksheetParts.Single().Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
        Assert.Equal(Rows + 1, rows.Count);
        Assert.Equal(["序号", "隐患描述", "发现时间", "备注"], rows[0].Elements<Cell>().Select(c => c.InlineString!.InnerText));
        var last = rows[^1].Elements<Cell>().ToList();
        Assert.Equal($"{Rows}", last[0].CellValue!.Text);
        Assert.Equal($"灭火器压力不足 {Rows}", last[1].InlineString!.InnerText);
        Assert.Equal(new DateTime(2026, 11, 23, 9, 0, 0).AddMinutes(Rows), DateTime.FromOADate(double.Parse(last[2].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("'=1+1", rows[^2].Elements<Cell>().ElementAt(3).InlineString!.InnerText);
        Assert.Equal($"A1:D{Rows + 1}", document.WorkbookPart.WorksheetParts.Single().Worksheet.GetFirstChild<AutoFilter>()!.Reference!.Value);
    }

    /// <summary>A response body as Kestrel gives it: forward only, and synchronous writes refused.</summary>
    private sealed class AsyncOnlyBody : Stream
    {
        private readonly MemoryStream _received = new();

        public long Received => _received.Length;

        public byte[] Content => _received.ToArray();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _received.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override void Flush() => throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _received.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
