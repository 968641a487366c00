using System.Globalization;
using System.Text;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>A header row and value rows; values are text, whole numbers, dates or empty.</summary>
internal sealed record SheetTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>Writes a table as CSV (UTF-8 with a byte-order mark, so that Excel reads Chinese text) or as an XLSX workbook.</summary>
internal static class Spreadsheets
{
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
        using (var workbook = new XlsxWorkbook(stream, table.Headers, sheetName))
        {
            foreach (var row in table.Rows)
            {
                workbook.Write(row);
            }

            workbook.Finish();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Writes the workbook to <paramref name="body"/> as the rows come: the zip's entries are written forward only, the
    /// sheet's XML row by row with the Open XML SDK's streaming writer, and what has been compressed goes to the body
    /// in chunks of about 64 KB, so only a chunk and a row are held at a time, whatever the number of rows.
    /// </summary>
    public static async Task XlsxAsync(
        Stream body, IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<object?>> rows, string sheetName, CancellationToken cancellationToken)
    {
        using var chunks = new ChunkedBody(body);
        using (var workbook = new XlsxWorkbook(chunks, headers, sheetName))
        {
            await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                workbook.Write(row);
                if (chunks.IsFull)
                {
                    await chunks.SendAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            workbook.Finish();
        }

        await chunks.SendAsync(cancellationToken).ConfigureAwait(false);
    }

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
