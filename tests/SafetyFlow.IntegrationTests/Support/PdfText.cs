using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SafetyFlow.IntegrationTests.Support;

internal static class PdfText
{
    /// <summary>A PDF's text as pdftotext (poppler-utils) reads it, each run of spaces and line breaks made one space.</summary>
    public static async Task<string> ReadAsync(byte[] pdf) => Regex.Replace(await RawAsync(pdf), "\\s+", " ");

    /// <summary>Each page's text, read as <see cref="ReadAsync"/> reads the whole (pdftotext ends every page with a form feed).</summary>
    public static async Task<IReadOnlyList<string>> PagesAsync(byte[] pdf) =>
        [.. (await RawAsync(pdf)).Split('\f').SkipLast(1).Select(page => Regex.Replace(page, "\\s+", " "))];

    private static async Task<string> RawAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"safetyflow-report-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", file, "-"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
            }) ?? throw new InvalidOperationException("pdftotext (poppler-utils) is not installed.");
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
