using System.Diagnostics;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>Runs the built app as its own process, the way an operator starts it, for start-up failures.</summary>
internal static class AppProcess
{
    /// <summary>Starts the app with extra environment settings and waits (at most a minute) for it to exit.</summary>
    public static async Task<(int ExitCode, string StandardError)> RunToExitAsync(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = RepoFolders.Root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["ConnectionStrings__SafetyFlow"] = $"Data Source={SafetyFlowApp.NewDatabaseFile()}";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The app did not stop within a minute: " + await stdout);
        }

        return (process.ExitCode, await stderr);
    }
}
