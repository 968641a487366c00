using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
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
}
