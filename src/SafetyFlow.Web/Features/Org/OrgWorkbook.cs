using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SafetyFlow.Web.Features.Org;

/// <summary>
/// The organisation document as an Excel workbook: one sheet each for units, people, zones and assets, a header row of
/// field names, one row per record. The template is written with the stored organisation in it (passwords left empty),
/// so it can be filled in, or downloaded, changed and uploaded again. A read workbook keeps where each record came from,
/// so an error names its sheet, row and column (<c>people row 7, unit</c>).
/// </summary>
public static partial class OrgWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The sheets and their columns, in the order written; the people sheet holds the document's <c>users</c>.</summary>
    public static readonly IReadOnlyList<(string Sheet, string List, string[] Columns)> Sheets =
    [
        ("units", "units", ["key", "name", "parent"]),
        ("people", "users", ["userName", "displayName", "phone", "email", "password", "roles", "unit", "language"]),
        ("zones", "zones", ["key", "name", "unit", "member", "owner"]),
        ("assets", "assets", ["key", "name", "type", "zone", "owner", "attributes"]),
    ];

    /// <summary>The workbook of <paramref name="document"/>; roles are written comma-separated, attributes as a JSON object.</summary>
    public static byte[] Write(OrgDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var rows = new Dictionary<string, IEnumerable<string?[]>>(StringComparer.Ordinal)
        {
            ["units"] = (document.Units ?? []).Select(u => new[] { u.Key, u.Name, u.Parent }),
            ["people"] = (document.Users ?? []).Select(u => new[] { u.UserName, u.DisplayName, u.Phone, u.Email, u.Password, string.Join(", ", u.Roles ?? []), u.Unit, u.Language }),
            ["zones"] = (document.Zones ?? []).Select(z => new[] { z.Key, z.Name, z.Unit, z.Member, z.Owner }),
            ["assets"] = (document.Assets ?? []).Select(a => new[]
            {
                a.Key, a.Name, a.Type, a.Zone, a.Owner, a.Attributes is { Count: > 0 } attributes ? JsonSerializer.Serialize(attributes) : null,
            }),
        };

        using var stream = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = package.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheets = workbook.Workbook.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.Sheets());
            uint id = 1;
            foreach (var (name, _, columns) in Sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                data.AppendChild(RowOf(1, columns));
                uint index = 2;
                foreach (var row in rows[name])
                {
                    data.AppendChild(RowOf(index++, row));
                }

                part.Worksheet = new Worksheet(data);
                sheets.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
            }

            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Reads a filled workbook into the organisation document, with where each record came from. Problems of the file
    /// itself (a missing column, attributes that are not a JSON object) come back by the same sheet, row and column names.
    /// </summary>
    public static OrgWorkbookContent Read(Stream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var problems = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var origins = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        var table = new Dictionary<string, List<Dictionary<string, string?>>>(StringComparer.Ordinal);

        using var package = SpreadsheetDocument.Open(file, isEditable: false);
        var workbook = package.WorkbookPart ?? throw new InvalidDataException("The file has no workbook.");
        var strings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        foreach (var (name, list, columns) in Sheets)
        {
            var records = new List<Dictionary<string, string?>>();
            var rowNumbers = new List<int>();
            table[name] = records;
            origins[list] = rowNumbers;
            var sheet = workbook.Workbook.Descendants<Sheet>().FirstOrDefault(s => string.Equals(s.Name?.Value, name, StringComparison.OrdinalIgnoreCase));
            if (sheet?.Id?.Value is not { } partId || workbook.GetPartById(partId) is not WorksheetPart part)
            {
                continue;
            }

            var headers = new Dictionary<int, string>();
            var number = 0;
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                number = row.RowIndex?.Value is { } rowIndex ? (int)rowIndex : number + 1;
                // A cell names its column, or (written without references) stands one after the one before it.
                var cells = new Dictionary<int, string?>();
                var column = 0;
                foreach (var cell in row.Elements<Cell>())
                {
                    column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : column + 1;
                    cells[column] = CellText(cell, strings);
                }

                if (headers.Count == 0)
                {
                    foreach (var (index, text) in cells.Where(c => !string.IsNullOrWhiteSpace(c.Value)))
                    {
                        var field = columns.FirstOrDefault(f => string.Equals(f, text!.Trim(), StringComparison.OrdinalIgnoreCase));
                        if (field is null)
                        {
                            Add(problems, $"{name} row {number}, {text!.Trim()}", $"'{text.Trim()}' is not a column of {name}; use {string.Join(", ", columns)}.");
                        }
                        else
                        {
                            headers[index] = field;
                        }
                    }

                    foreach (var missing in columns.Where(c => !headers.ContainsValue(c) && c is not "parent" and not "phone" and not "email" and not "password" and not "language" and not "owner" and not "attributes"))
                    {
                        Add(problems, $"{name} row {number}, {missing}", $"The {name} sheet has no '{missing}' column.");
                    }

                    if (headers.Count == 0)
                    {
                        headers[-1] = "";
                    }

                    continue;
                }

                if (cells.Values.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                var record = columns.ToDictionary(c => c, _ => (string?)null, StringComparer.Ordinal);
                foreach (var (index, field) in headers.Where(h => h.Key >= 0))
                {
                    var text = cells.GetValueOrDefault(index)?.Trim();
                    record[field] = string.IsNullOrEmpty(text) ? null : text;
                }

                records.Add(record);
                rowNumbers.Add(number);
            }
        }

        var assets = new List<AssetRow>();
        for (var i = 0; i < table["assets"].Count; i++)
        {
            var a = table["assets"][i];
            Dictionary<string, JsonElement>? attributes = null;
            if (a["attributes"] is { } json)
            {
                try
                {
                    attributes = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json);
                }
                catch (JsonException)
                {
                    Add(problems, $"assets row {origins["assets"][i]}, attributes", """Write the attributes as a JSON object, e.g. {"capacityKg": 4}.""");
                }
            }

            assets.Add(new AssetRow(a["key"], a["name"], a["type"], a["zone"], a["owner"], attributes));
        }

        var document = new OrgDocument(
            [.. table["units"].Select(u => new UnitRow(u["key"], u["name"], u["parent"]))],
            [.. table["people"].Select(u => new UserRow(
                u["userName"], u["displayName"], u["phone"], u["email"], u["password"],
                u["roles"]?.Split([',', ';', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                u["unit"], u["language"]))],
            [.. table["zones"].Select(z => new ZoneRow(z["key"], z["name"], z["unit"], z["member"], z["owner"]))],
            assets);
        return new OrgWorkbookContent(document, origins, problems.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
    }

    private static Row RowOf(uint index, IEnumerable<string?> values)
    {
        var row = new Row { RowIndex = index };
        var column = 0;
        foreach (var value in values)
        {
            column++;
            if (value is null)
            {
                continue;
            }

            row.AppendChild(new Cell
            {
                CellReference = ColumnName(column) + index.ToString(CultureInfo.InvariantCulture),
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new Text(value) { Space = SpaceProcessingModeValues.Preserve }),
            });
        }

        return row;
    }

    private static string? CellText(Cell cell, List<string> strings)
    {
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText;
        }

        var raw = cell.CellValue?.Text;
        if (raw is null)
        {
            return cell.InlineString?.InnerText;
        }

        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < strings.Count ? strings[index] : null;
        }

        if (cell.DataType?.Value == CellValues.Boolean)
        {
            return raw == "1" ? "true" : "false";
        }

        return raw;
    }

    private static string ColumnName(int column)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26)
        {
            name = (char)('A' + ((column - 1) % 26)) + name;
        }

        return name;
    }

    private static int ColumnIndex(string reference)
    {
        var letters = ColumnLetters().Match(reference).Value;
        return letters.Aggregate(0, (sum, letter) => (sum * 26) + (char.ToUpperInvariant(letter) - 'A' + 1));
    }

    [GeneratedRegex("^[A-Za-z]+")]
    private static partial Regex ColumnLetters();

    private static void Add(Dictionary<string, List<string>> problems, string where, string message)
    {
        if (!problems.TryGetValue(where, out var list))
        {
            problems[where] = list = [];
        }

        list.Add(message);
    }
}

/// <summary>A read workbook: the document, the sheet row of each record by list (<c>users</c> → rows), and the file's own problems.</summary>
public sealed partial record OrgWorkbookContent(
    OrgDocument Document,
    IReadOnlyDictionary<string, IReadOnlyList<int>> Rows,
    IReadOnlyDictionary<string, string[]> Problems)
{
    /// <summary>
    /// Where a document path points in the workbook: <c>users[5].unit</c> reads <c>people row 7, unit</c>;
    /// <c>users[5].roles[1]</c> reads <c>people row 7, roles</c>; a path of no row stays as it is.
    /// </summary>
    public string Locate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var match = DocumentPath().Match(path);
        if (!match.Success)
        {
            return path;
        }

        var list = match.Groups["list"].Value;
        var index = int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture);
        var sheet = OrgWorkbook.Sheets.FirstOrDefault(s => s.List == list).Sheet ?? list;
        var row = Rows.TryGetValue(list, out var rows) && index < rows.Count ? rows[index] : index + 2;
        return match.Groups["field"].Success ? $"{sheet} row {row}, {match.Groups["field"].Value}" : $"{sheet} row {row}";
    }

    [GeneratedRegex(@"^(?<list>units|users|zones|assets)\[(?<index>\d+)\](\.(?<field>[A-Za-z]+))?")]
    private static partial Regex DocumentPath();
}
