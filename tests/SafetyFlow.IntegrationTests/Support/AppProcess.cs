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
        start.Environment["ConnectionStrings__SafetyFlow"] = TestDatabase.ConnectionString(SafetyFlowApp.NewDatabase());
        start.Environment["SafetyFlow__Database__Provider"] = TestDatabase.Provider;
        if (TestDatabase.IsPostgres)
        {
            start.Environment["SafetyFlow__Keys__MasterKeyFile"] = TestDatabase.MasterKeyFile;
        }

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

    /// <summary>
    /// Starts the app as its own process on a free loopback port, with its own home folder (so nothing is shared with
    /// this process through files there), and waits until it answers /health.
    /// </summary>
    public static Task<RunningApp> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartAsync(typeof(Program).Assembly.Location, RepoFolders.Root, environment, arguments);

    /// <summary>
    /// Starts the app published to <paramref name="folder"/> as an operator runs it there: from a working folder of its
    /// own, outside the repository, with a home folder of its own.
    /// </summary>
    public static Task<RunningApp> StartPublishedAsync(string folder, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var workingFolder = Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"work-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workingFolder);
        return StartAsync(Path.Combine(folder, "SafetyFlow.Web.dll"), workingFolder, environment, arguments);
    }

    private static async Task<RunningApp> StartAsync(string assembly, string workingFolder, IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        var port = FreePort();
        var home = Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"home-{Guid.NewGuid():N}");
        Directory.CreateDirectory(home);
        var start = new ProcessStartInfo("dotnet", [assembly, "--urls", $"http://127.0.0.1:{port}", .. arguments])
        {
            WorkingDirectory = workingFolder,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["HOME"] = home;
        start.Environment["SafetyFlow__Database__Provider"] = TestDatabase.Provider;
        if (TestDatabase.IsPostgres)
        {
            start.Environment["SafetyFlow__Keys__MasterKeyFile"] = TestDatabase.MasterKeyFile;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var app = new RunningApp(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, line) => app.Record(line.Data);
        process.ErrorDataReceived += (_, line) => app.Record(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = app.Address };
        for (var attempt = 0; attempt < 360; attempt++)
        {
            if (process.HasExited)
            {
                var exitCode = process.ExitCode;
                app.Dispose();
                throw new InvalidOperationException($"The app stopped with exit code {exitCode} before it answered /health: {app.Output}");
            }

            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(500);
        }

        app.Dispose();
        throw new TimeoutException("The app did not answer /health within three minutes.");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The app running as its own process; disposing stops it.</summary>
internal sealed class RunningApp(Process process, Uri address) : IDisposable
{
    private readonly System.Text.StringBuilder _output = new();

    public Uri Address { get; } = address;

    /// <summary>The operating system's id of the process, for signals.</summary>
    public int ProcessId => process.Id;

    /// <summary>What the app wrote to its standard output and error so far (its log).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public void Record(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }
}
