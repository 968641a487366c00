using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>
/// An XLSX workbook of one sheet written forward only: the package's zip entries one after another (so the target may
/// be a stream that cannot seek, such as a response body), the small fixed parts first, then the sheet's XML row by row
/// with the Open XML SDK's streaming writer. Text is written as inline strings, so no shared-string table grows with the
/// rows; nothing of a row is kept once it is written. <see cref="Finish"/> closes the sheet and the zip.
/// </summary>
internal sealed class XlsxWorkbook : IDisposable
{
    private const string DateStyle = "1";
    private const string HeaderStyle = "2";

    private const string ContentTypes =
        """
        <?xml version="1.0" encoding="utf-8"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
        <Default Extension="xml" ContentType="application/xml"/>
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
        </Types>
        """;

    private const string PackageRelationships =
        """
        <?xml version="1.0" encoding="utf-8"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
        </Relationships>
        """;

    private const string WorkbookRelationships =
        """
        <?xml version="1.0" encoding="utf-8"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
        </Relationships>
        """;

    private readonly ZipArchive _zip;
    private readonly Stream _sheet;
    private readonly OpenXmlWriter _writer;
    private readonly int _columns;
    private readonly string[] _columnNames;
    private readonly Row _rowTag = new();
    private readonly Cell _cellTag = new();
    private readonly CellValue _valueTag = new();
    private readonly InlineString _inlineStringTag = new();
    private readonly Text _textTag = new();
    private uint _rowIndex;

    public XlsxWorkbook(Stream target, IReadOnlyList<string> headers, string sheetName)
    {
        _columns = headers.Count;
        _columnNames = [.. Enumerable.Range(1, _columns).Select(Spreadsheets.ColumnName)];
        _zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true);
        WritePart("[Content_Types].xml", ContentTypes);
        WritePart("_rels/.rels", PackageRelationships);
        WritePart("xl/_rels/workbook.xml.rels", WorkbookRelationships);
        WritePart("xl/workbook.xml", new Workbook(
            new BookViews(new WorkbookView()),
            new Sheets(new Sheet { Id = "rId1", SheetId = 1, Name = sheetName })));
        WritePart("xl/styles.xml", Stylesheet());

        // The sheet is most of the file; its XML compresses well at the fastest level (30 MB for 100,000 findings against
        // 18 MB at the default one) in less than half the time.
        _sheet = _zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
        _writer = OpenXmlWriter.Create(_sheet);
        _writer.WriteStartDocument();
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
        WriteRow([.. headers], HeaderStyle);
    }

    public void Write(IReadOnlyList<object?> values) => WriteRow(values, style: null);

    /// <summary>Ends the sheet (its filter spans every row written) and writes the zip's central directory.</summary>
    public void Finish()
    {
        _writer.WriteEndElement();
        _writer.WriteElement(new AutoFilter { Reference = $"A1:{Spreadsheets.ColumnName(_columns)}{_rowIndex}" });
        _writer.WriteEndElement();
        _writer.Close();
        _sheet.Dispose();
        _zip.Dispose();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _sheet.Dispose();
        _zip.Dispose();
    }

    private void WritePart(string name, string xml)
    {
        using var part = _zip.CreateEntry(name).Open();
        part.Write(Encoding.UTF8.GetBytes(xml));
    }

    private void WritePart(string name, OpenXmlElement root)
    {
        using var part = _zip.CreateEntry(name).Open();
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartDocument();
        writer.WriteElement(root);
    }

    /// <summary>
    /// One row, element by element: the writer is given each start tag with its attributes and the text, so no element
    /// tree is built per row or cell (which took about a fifth of the export's time at 100,000 findings).
    /// </summary>
    private void WriteRow(IReadOnlyList<object?> values, string? style)
    {
        var index = (++_rowIndex).ToString(CultureInfo.InvariantCulture);
        _writer.WriteStartElement(_rowTag, [new OpenXmlAttribute("", "r", "", index)]);
        for (var c = 0; c < values.Count; c++)
        {
            var reference = _columnNames[c] + index;
            switch (values[c])
            {
                case null:
                    WriteCell(reference, style, type: null, value: null);
                    break;
                case int n:
                    WriteCell(reference, style, "n", n.ToString(CultureInfo.InvariantCulture));
                    break;
                case DateTime d:
                    WriteCell(reference, style ?? DateStyle, type: null, d.ToOADate().ToString(CultureInfo.InvariantCulture));
                    break;
                case var v:
                    _writer.WriteStartElement(_cellTag, CellAttributes(reference, style, "inlineStr"));
                    _writer.WriteStartElement(_inlineStringTag);
                    _writer.WriteStartElement(_textTag);
                    _writer.WriteString(Spreadsheets.Inert(v.ToString() ?? ""));
                    _writer.WriteEndElement();
                    _writer.WriteEndElement();
                    _writer.WriteEndElement();
                    break;
            }
        }

        _writer.WriteEndElement();
    }

    private void WriteCell(string reference, string? style, string? type, string? value)
    {
        _writer.WriteStartElement(_cellTag, CellAttributes(reference, style, type));
        if (value is not null)
        {
            _writer.WriteStartElement(_valueTag);
            _writer.WriteString(value);
            _writer.WriteEndElement();
        }

        _writer.WriteEndElement();
    }

    private static List<OpenXmlAttribute> CellAttributes(string reference, string? style, string? type)
    {
        var attributes = new List<OpenXmlAttribute>(3) { new("", "r", "", reference) };
        if (style is not null)
        {
            attributes.Add(new OpenXmlAttribute("", "s", "", style));
        }

        if (type is not null)
        {
            attributes.Add(new OpenXmlAttribute("", "t", "", type));
        }

        return attributes;
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
}
