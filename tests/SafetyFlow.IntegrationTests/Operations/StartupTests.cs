using System.Net.Http.Json;
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
