using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>Workflow definition files as an operator changes them: versions kept, bad files stop start-up.</summary>
public sealed class DefinitionTests
{
    [Fact]
    public async Task A_finding_keeps_the_lifecycle_version_it_started_on_when_the_file_changes()
    {
        var database = SafetyFlowApp.NewDatabase();
        var workflows = RepoFolders.CopyOfWorkflows();
        var settings = new Dictionary<string, string?> { ["SafetyFlow:Workflows:Path"] = workflows };

        string oldFinding;
        await using (var first = new SafetyFlowApp(database, settings: settings))
        {
            oldFinding = await EscalationTests.RaiseGeneralFindingAsync(first);
        }

        RepoFolders.ReplaceOnce(Path.Combine(workflows, "rectification.yaml"), "fixWithin: P7D", "fixWithin: P3D");

        await using var second = new SafetyFlowApp(database, settings: settings);
        var office = await second.SignInAsync("safety1");
        var list = await office.GetJsonAsync("/api/workflows");
        Assert.Equal(2, list.EnumerateArray().Single(w => w.GetProperty("id").GetString() == "rectification").GetProperty("version").GetInt32());
        Assert.Equal(1, list.EnumerateArray().Single(w => w.GetProperty("id").GetString() == "weekly-extinguisher-check").GetProperty("version").GetInt32());

        var newFinding = await EscalationTests.RaiseGeneralFindingAsync(second, "member-dorm", "z-dorm-a");
        var old = await office.GetJsonAsync($"/api/findings/{oldFinding}");
        var fresh = await office.GetJsonAsync($"/api/findings/{newFinding}");
        Assert.Equal(1, old.GetProperty("workflowVersion").GetInt32());
        Assert.Equal(2, fresh.GetProperty("workflowVersion").GetInt32());
        Assert.Equal(TimeSpan.FromDays(7), old.GetProperty("dueAt").GetDateTimeOffset() - old.GetProperty("raisedAt").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromDays(3), fresh.GetProperty("dueAt").GetDateTimeOffset() - fresh.GetProperty("raisedAt").GetDateTimeOffset());

        // Three days on, the new finding is at its deadline while the old one has not even had its reminder.
        await (await second.SignInAsync("admin")).PostJsonAsync("/api/admin/clock", new { advanceBy = "P3D" });
        Assert.Equal(1, (await office.GetJsonAsync($"/api/findings/{newFinding}")).GetProperty("escalationLevel").GetInt32());
        var oldNow = await office.GetJsonAsync($"/api/findings/{oldFinding}");
        Assert.Equal(0, oldNow.GetProperty("escalationLevel").GetInt32());
        Assert.Equal(["raise"], oldNow.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task An_invalid_definition_file_stops_start_up_with_a_message_naming_file_line_and_field()
    {
        var workflows = RepoFolders.CopyOfWorkflows();
        var file = Path.Combine(workflows, "rectification.yaml");
        RepoFolders.ReplaceOnce(file, "roles: [Owner]", "roles: [Janitor]");
        var line = File.ReadAllLines(file).ToList().FindIndex(l => l.Contains("Janitor", StringComparison.Ordinal)) + 1;

        var (exitCode, message) = await AppProcess.RunToExitAsync(new Dictionary<string, string> { ["SafetyFlow__Workflows__Path"] = workflows });

        Assert.Equal(1, exitCode);
        Assert.Contains($"rectification.yaml:{line}:", message);
        Assert.Contains("transitions[0].roles", message);
        Assert.Contains("Janitor", message);
        Assert.DoesNotContain("   at ", message);
    }

    [Fact]
    public async Task Bad_settings_stop_start_up_naming_each_setting()
    {
        var (exitCode, message) = await AppProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["SafetyFlow__TimeZone"] = "Mars/Olympus_Mons",
            ["SafetyFlow__Jobs__SweepInterval"] = "00:00:30",
        });
        var (modeExit, modeMessage) = await AppProcess.RunToExitAsync(new Dictionary<string, string> { ["SafetyFlow__Clock__Mode"] = "Sometimes" });

        Assert.Equal(1, exitCode);
        Assert.Contains("SafetyFlow:TimeZone", message);
        Assert.Contains("SafetyFlow:Jobs:SweepInterval", message);
        Assert.DoesNotContain("   at ", message);
        Assert.Equal(1, modeExit);
        Assert.Contains("SafetyFlow:Clock:Mode", modeMessage);
        Assert.DoesNotContain("   at ", modeMessage);
    }
}
