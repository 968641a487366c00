using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Workflows;
using static SafetyFlow.IntegrationTests.EscalationTests;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// Workflow definitions as several nodes on one database share them: the newest stored version of each workflow is in
/// force on every node, whichever node stored it, and a node meets no version it cannot find.
/// </summary>
public sealed class DefinitionsAcrossNodesTests
{
    [Fact]
    public async Task A_finding_on_a_version_another_node_stored_is_escalated_by_a_node_started_on_older_files()
    {
        var database = SafetyFlowApp.NewDatabase();

        // This node never reads the stored versions again by itself: version 2 reaches it only as a finding names it.
        await using var older = new SafetyFlowApp(database, settings: new Dictionary<string, string?>
        {
            ["SafetyFlow:Workflows:Path"] = RepoFolders.CopyOfWorkflows(),
            ["SafetyFlow:Workflows:RefreshInterval"] = "01:00:00",
        });
        var office = await older.SignInAsync("safety1");
        Assert.Equal(1, RectificationVersion(await office.GetJsonAsync("/api/workflows")));

        string findingId;
        await using (var newer = new SafetyFlowApp(database, settings: new Dictionary<string, string?> { ["SafetyFlow:Workflows:Path"] = WorkflowsFixedWithinThreeDays() }))
        {
            findingId = await RaiseGeneralFindingAsync(newer);
        }

        var raised = await office.GetJsonAsync($"/api/findings/{findingId}");
        Assert.Equal(2, raised.GetProperty("workflowVersion").GetInt32());
        Assert.Equal(TimeSpan.FromDays(3), raised.GetProperty("dueAt").GetDateTimeOffset() - raised.GetProperty("raisedAt").GetDateTimeOffset());

        // At version 2's deadline the older node fires its steps: no failure, nothing left waiting.
        var admin = await older.SignInAsync("admin");
        await AdvanceAsync(admin, "P3D");
        Assert.Equal(1, (await FindingAsync(older, findingId)).GetProperty("escalationLevel").GetInt32());
        Assert.Equal(1, await CountAsync(older, "owner-fire", "finding.reminder", findingId));
        Assert.Equal(1, await CountAsync(older, "sup-canteen", "finding.escalated", findingId));
        Assert.Empty((await admin.GetJsonAsync("/api/admin/escalations/failed")).EnumerateArray());
    }

    [Fact]
    public async Task A_version_stored_by_a_newer_node_is_used_for_new_findings_by_a_running_node_without_restart()
    {
        var database = SafetyFlowApp.NewDatabase();
        var olderFiles = new Dictionary<string, string?> { ["SafetyFlow:Workflows:Path"] = RepoFolders.CopyOfWorkflows() };
        var older = new SafetyFlowApp(database, settings: olderFiles);
        try
        {
            var office = await older.SignInAsync("safety1");
            Assert.Equal(1, RectificationVersion(await office.GetJsonAsync("/api/workflows")));

            await using (var newer = new SafetyFlowApp(database, settings: new Dictionary<string, string?> { ["SafetyFlow:Workflows:Path"] = WorkflowsFixedWithinThreeDays() }))
            {
                Assert.Equal(2, RectificationVersion(await (await newer.SignInAsync("safety1")).GetJsonAsync("/api/workflows")));
            }

            // Within the refresh interval (5 s by default) the running node has version 2 in force.
            var inForce = 1;
            for (var poll = 0; poll < 60 && inForce != 2; poll++)
            {
                await Task.Delay(500);
                inForce = RectificationVersion(await office.GetJsonAsync("/api/workflows"));
            }

            Assert.Equal(2, inForce);
            var finding = await FindingAsync(older, await RaiseGeneralFindingAsync(older));
            Assert.Equal(2, finding.GetProperty("workflowVersion").GetInt32());
            Assert.Equal(TimeSpan.FromDays(3), finding.GetProperty("dueAt").GetDateTimeOffset() - finding.GetProperty("raisedAt").GetDateTimeOffset());
        }
        finally
        {
            await older.DisposeAsync();
        }

        // Started again on its older files, the node stores nothing again and keeps version 2 in force.
        await using var restarted = new SafetyFlowApp(database, settings: olderFiles);
        Assert.Equal(2, RectificationVersion(await (await restarted.SignInAsync("safety1")).GetJsonAsync("/api/workflows")));
        using var scope = restarted.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var stored = await db.WorkflowDefinitions.Select(d => d.WorkflowId + " v" + d.Version).ToListAsync();
        var files = Directory.GetFiles(Path.Combine(RepoFolders.Root, "workflows"), "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f) + " v1");
        Assert.Equal(files.Append("rectification v2").Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_finding_on_a_version_this_node_cannot_read_is_recorded_as_failed_while_the_others_escalate()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        var unreadable = await RaiseGeneralFindingAsync(app, "member-canteen", "z-canteen-kitchen");
        var other = await RaiseGeneralFindingAsync(app, "member-dorm", "z-dorm-a");

        // A node with newer files stored version 2 in a form this node's loader refuses, and raised a finding on it.
        var hash = await StoreVersionFromTheFutureAsync(app, unreadable);
        var office = await app.SignInAsync("safety1");
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(1, RectificationVersion(await office.GetJsonAsync("/api/workflows")));

        var admin = await app.SignInAsync("admin");
        await AdvanceAsync(admin, "P6D");
        Assert.Equal(1, await CountAsync(app, "owner-fire", "finding.reminder", other));
        Assert.Equal(0, await CountAsync(app, "owner-fire", "finding.reminder", unreadable));
        var failed = Assert.Single((await admin.GetJsonAsync("/api/admin/escalations/failed")).EnumerateArray());
        Assert.Equal(unreadable, failed.GetProperty("findingId").GetString());
        Assert.Contains("rectification v2", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(hash, failed.GetProperty("error").GetString(), StringComparison.Ordinal);

        // Reading it here says this node cannot, rather than failing.
        var problem = await office.GetJsonAsync($"/api/findings/{unreadable}", HttpStatusCode.ServiceUnavailable);
        Assert.Contains("newer files", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The repository's workflow files with one change: a general finding is to be fixed within three days, not seven.</summary>
    internal static string WorkflowsFixedWithinThreeDays()
    {
        var folder = RepoFolders.CopyOfWorkflows();
        RepoFolders.ReplaceOnce(Path.Combine(folder, "rectification.yaml"), "fixWithin: P7D", "fixWithin: P3D");
        return folder;
    }

    private static int RectificationVersion(JsonElement workflows) =>
        workflows.EnumerateArray().Single(w => w.GetProperty("id").GetString() == "rectification").GetProperty("version").GetInt32();

    /// <summary>Stores a version 2 of the lifecycle with a key today's loader does not know, and moves the finding onto it.</summary>
    private static async Task<string> StoreVersionFromTheFutureAsync(SafetyFlowApp app, string findingId)
    {
        var source = await File.ReadAllTextAsync(Path.Combine(RepoFolders.Root, "workflows", "rectification.yaml")) + "\nsupervisionBoard: true\n";
        var hash = WorkflowLoader.ComputeContentHash(source);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        db.WorkflowDefinitions.Add(new StoredWorkflowDefinition
        {
            ContentHash = hash,
            WorkflowId = "rectification",
            Version = 2,
            Kind = "Rectification",
            FileName = "rectification.yaml",
            Source = source,
            LoadedAt = SafetyFlowApp.Start,
        });
        await db.SaveChangesAsync();
        var id = Guid.Parse(findingId);
        await db.Findings.Where(f => f.Id == id).ExecuteUpdateAsync(s => s.SetProperty(f => f.LifecycleHash, hash));
        return hash;
    }
}
