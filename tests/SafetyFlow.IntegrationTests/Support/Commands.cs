using System.Diagnostics;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>Runs the command-line programs an operator would (sqlite3, pg_dump, dotnet publish) to their end.</summary>
internal static class Commands
{
    /// <summary>
    /// Runs <paramref name="program"/> from the temporary folder and fails the test, with what it wrote, unless it exits
    /// with 0 within <paramref name="timeout"/> (five minutes unless given); its standard output.
    /// </summary>
    public static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, string? installHint = null, TimeSpan? timeout = null)
    {
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(program, arguments)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                WorkingDirectory = Path.GetTempPath(),
            })!;
        }
        catch (System.ComponentModel.Win32Exception e) when (installHint is not null)
        {
            throw new InvalidOperationException($"{program} is not installed: {installHint}", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} did not finish in time: {await output}");
            }

            Assert.True(process.ExitCode == 0, $"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
            return await output;
        }
    }
}
