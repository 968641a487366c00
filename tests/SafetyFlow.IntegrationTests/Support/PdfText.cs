using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SafetyFlow.IntegrationTests.Support;

internal static class PdfText
{
    /// <summary>A PDF's text as pdftotext (poppler-utils) reads it, each run of spaces and line breaks made one space.</summary>
    public static async Task<string> ReadAsync(byte[] pdf)
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
            return Regex.Replace(text, "\\s+", " ");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
