using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Operations;

/// <summary>
/// What an operator reads when a node starts: the time each step took. A database whose migrations are all applied
/// is started without migrating again, and keeps everything stored.
/// </summary>
public sealed class StartupTests
{
    private static readonly string[] Steps =
        ["services", "pipeline and routes", "database model", "migrations", "keys", "workflow definitions", "this week's round", "server start"];

    [Fact]
    public async Task Each_start_logs_the_time_of_every_step_and_a_restart_on_a_migrated_database_keeps_its_people()
    {
        var database = SafetyFlowApp.NewDatabase();
        var environment = new Dictionary<string, string> { ["ConnectionStrings__SafetyFlow"] = TestDatabase.ConnectionString(database) };

        string firstLog, firstOutput;
        using (var first = await AppProcess.StartAsync(environment, "--demo"))
        {
            firstLog = await LogLineAsync(first);
            firstOutput = first.Output;
        }

        using var second = await AppProcess.StartAsync(environment, "--demo");
        var secondLog = await LogLineAsync(second);

        foreach (var log in new[] { firstLog, secondLog })
        {
            Assert.Matches(@"Started in [\d,]+ ms since the process started", log);
            Assert.All(Steps, step => Assert.Matches($@"{step} [\d,]+ ms", log));
        }

        // The demo organisation is loaded once: the restart signs its people in rather than creating them again.
        Assert.Contains("Demo organisation loaded", firstOutput, StringComparison.Ordinal);
        using var client = new HttpClient { BaseAddress = second.Address };
        var token = await client.PostAsJsonAsync("/api/auth/token", new { userName = "safety1", password = SafetyFlowApp.DemoPassword });
        Assert.True(token.IsSuccessStatusCode, await token.Content.ReadAsStringAsync());
        Assert.DoesNotContain("Demo organisation loaded", second.Output, StringComparison.Ordinal);
    }

    [SqliteFact("The published folder is the same whichever database a node uses; publishing it once is enough.")]
    public async Task A_folder_published_for_the_runtime_starts_on_its_own_with_its_code_compiled_ahead_of_time()
    {
        var folder = Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"published-{Guid.NewGuid():N}");
        var project = Path.Combine(RepoFolders.Root, "src", "SafetyFlow.Web");
        await Commands.RunAsync("dotnet", ["publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-o", folder, "-nologo"], timeout: TimeSpan.FromMinutes(8));

        // The app's own assembly carries native code for the runtime, so a start does not wait for the JIT.
        using (var image = new PEReader(File.OpenRead(Path.Combine(folder, "SafetyFlow.Web.dll"))))
        {
            Assert.True(image.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "SafetyFlow.Web.dll was published without ReadyToRun code.");
        }

        // Started from a folder outside the repository: settings, workflow definitions and the demo come from the folder.
        var database = SafetyFlowApp.NewDatabase();
        using var app = await AppProcess.StartPublishedAsync(folder, new Dictionary<string, string> { ["ConnectionStrings__SafetyFlow"] = TestDatabase.ConnectionString(database) }, "--demo");
        Assert.Matches(@"Started in [\d,]+ ms", await LogLineAsync(app));
        using var client = new HttpClient { BaseAddress = app.Address };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/lib/chart.umd.min.js")).StatusCode);
        var token = await client.PostAsJsonAsync("/api/auth/token", new { userName = "safety1", password = SafetyFlowApp.DemoPassword });
        Assert.True(token.IsSuccessStatusCode, await token.Content.ReadAsStringAsync());
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var workflows = await client.GetFromJsonAsync<JsonElement>("/api/workflows");
        var published = Directory.GetFiles(Path.Combine(folder, "workflows"), "*.yaml").Select(Path.GetFileNameWithoutExtension).Order();
        Assert.Equal(published, workflows.EnumerateArray().Select(w => w.GetProperty("id").GetString()).Order());
    }

    private static async Task<string> LogLineAsync(RunningApp app)
    {
        // The line is written as the server starts listening, just before /health first answers.
        for (var poll = 0; poll < 100; poll++)
        {
            var line = app.Output.Split('\n').FirstOrDefault(l => l.Contains("Started in", StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("No start-up timings in the log: " + app.Output);
    }
}
