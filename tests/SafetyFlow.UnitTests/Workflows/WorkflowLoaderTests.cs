using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SafetyFlow.Workflows;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.UnitTests.Workflows;

public sealed class WorkflowLoaderTests
{
    [Fact]
    public void Every_file_in_the_workflows_folder_loads()
    {
        var catalog = WorkflowLoader.LoadFolder(WorkflowFolder.RepoWorkflows);

        Assert.Equal(
            new Dictionary<string, int>
            {
                ["weekly-electrical-check"] = 13,
                ["weekly-extinguisher-check"] = 11,
                ["weekly-food-safety-check"] = 15,
                ["weekly-hydrant-check"] = 9,
            },
            catalog.Inspections.ToDictionary(i => i.Id, i => i.Items.Length));
        Assert.Equal(["electrical", "extinguisher", "hydrant", "kitchen"], catalog.Inspections.Select(i => i.AssetType).Order());
        Assert.Equal("rectification", catalog.Rectification.Id);
        Assert.All(catalog.All, d => Assert.Equal(Path.GetFullPath(Path.Combine(WorkflowFolder.RepoWorkflows, d.Id + ".yaml")), d.SourceFile));
    }

    [Fact]
    public void Inspection_items_carry_their_severity_reference_and_reading_limits()
    {
        var catalog = WorkflowLoader.LoadFolder(WorkflowFolder.RepoWorkflows);
        var extinguisher = Inspection(catalog, "extinguisher");
        var kitchen = Inspection(catalog, "kitchen");

        var gauge = extinguisher.FindItem("gauge-pressure")!;
        Assert.Equal((ItemKind.Reading, "MPa", 1.0m, 1.4m, Severity.Major), (gauge.Kind, gauge.Unit, gauge.Min, gauge.Max, gauge.Severity));
        var freezer = kitchen.FindItem("freezer-temperature")!;
        Assert.Equal(("°C", null, -12m), (freezer.Unit, freezer.Min, freezer.Max));
        Assert.True(kitchen.FindItem("hot-holding-temperature")!.ReferenceUnverified);
        Assert.False(Inspection(catalog, "electrical").FindItem("no-improvised-wiring")!.ReferenceUnverified);
        Assert.All(catalog.Inspections.SelectMany(i => i.Items).Where(i => i.Kind == ItemKind.Check), i => Assert.Null(i.Unit));
        Assert.Equal<DayOfWeek>([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], extinguisher.Schedule.Days);
        Assert.Equal((new TimeOnly(8, 0), TimeSpan.FromHours(2)), (extinguisher.Schedule.EarliestStart, extinguisher.Schedule.WindowLength));
    }

    [Fact]
    public void The_rectification_definition_has_the_lifecycle_the_runtime_relies_on()
    {
        var rectification = WorkflowLoader.LoadFolder(WorkflowFolder.RepoWorkflows).Rectification;

        var approve = Assert.Single(rectification.Transitions, t => t.Trigger == RectificationTriggers.Approve);
        Assert.Equal(("FixSubmitted", "Closed"), (approve.From, approve.To));
        Assert.Equal<Guard>([Guard.SupervisesZone, Guard.NotFixer, Guard.NotRaiser], approve.Guards);
        Assert.All(RectificationTriggers.All, trigger => Assert.Contains(rectification.Transitions, t => t.Trigger == trigger));
        Assert.Equal((TimeSpan.FromHours(24), true, false), (
            rectification.Deadlines[Severity.Major].FixWithin,
            rectification.Deadlines[Severity.Major].FiveFixesRequired,
            rectification.Deadlines[Severity.Major].FixOnSpotAllowed));
        Assert.Equal<Audience>([Audience.SafetyOffice], rectification.Deadlines[Severity.Major].NotifyOnRaise);
        Assert.Equal([-1, 0, 2, 7], rectification.Ladder.Select(s => s.Offset.TotalDays));
        Assert.Equal([false, false, false, true], rectification.Ladder.Select(s => s.Supervised));
        Assert.Equal(new ExtensionPolicy(1, TimeSpan.FromDays(14)), rectification.Extensions);
    }

    [Fact]
    public void The_rectification_definition_says_who_is_told_of_each_transition_and_of_raising()
    {
        var rectification = WorkflowLoader.LoadFolder(WorkflowFolder.RepoWorkflows).Rectification;

        Assert.Equal(
            new Dictionary<string, string>
            {
                [RectificationTriggers.Fix] = "fix.submitted: Supervisor",
                [RectificationTriggers.Approve] = "finding.closed: Owner, Raiser",
                [RectificationTriggers.Reject] = "fix.rejected: Owner",
                [RectificationTriggers.RequestExtension] = "extension.requested: Supervisor",
                [RectificationTriggers.ApproveExtension] = "extension.approved: Owner",
                [RectificationTriggers.DeclineExtension] = "extension.declined: Owner",
                [RectificationTriggers.RecordFiveFixes] = "",
            },
            rectification.Transitions.ToDictionary(t => t.Trigger, t => Told(t.Notify)));
        Assert.Equal("finding.assigned: Owner", Told(rectification.Raise.Notify));
        Assert.Equal("fix.submitted: Supervisor", Told(rectification.Raise.FixedOnSpot));
        Assert.Same(rectification.Transitions[2], rectification.Transition(RectificationTriggers.Reject, "FixSubmitted"));
        Assert.Null(rectification.Transition(RectificationTriggers.Reject, "Open"));
    }

    [Fact]
    public void A_file_without_notify_lists_loads_and_tells_nobody()
    {
        using var folder = WorkflowFolder.CopyOfRepo();
        var source = folder.Read(WorkflowFolder.Rectification);
        string[] messageKeys = ["raise:", "notify:", "fixedOnSpot:"];
        folder.Write(WorkflowFolder.Rectification, string.Join('\n', source.Split('\n').Where(line =>
            !messageKeys.Contains(line.Trim()) && !line.Contains("{ kind:", StringComparison.Ordinal))));
        Assert.DoesNotContain("kind: fix", folder.Read(WorkflowFolder.Rectification), StringComparison.Ordinal);

        var rectification = folder.Load().Rectification;

        Assert.All(rectification.Transitions, t => Assert.Empty(t.Notify));
        Assert.Equal((0, 0), (rectification.Raise.Notify.Length, rectification.Raise.FixedOnSpot.Length));
        Assert.Equal(4, rectification.Ladder.Length);
    }

    [Fact]
    public void An_unknown_audience_is_reported_as_file_line_column_field_and_message()
    {
        using var folder = WorkflowFolder.CopyOfRepo();
        folder.Replace(WorkflowFolder.Rectification, "{ kind: fix.rejected, audiences: [Owner] }", "{ kind: fix.rejected, audiences: [Owner, Janitors] }");
        var line = folder.LineOf(WorkflowFolder.Rectification, "Janitors");
        var column = folder.Read(WorkflowFolder.Rectification).Split('\n')[line - 1].IndexOf("Janitors", StringComparison.Ordinal) + 1;

        var exception = Assert.Throws<WorkflowDefinitionException>(() => folder.Load());

        Assert.Contains(
            $"{folder.PathOf(WorkflowFolder.Rectification)}:{line}:{column}: transitions[2].notify[0].audiences[1]: unknown audience 'Janitors'; "
                + "expected one of: Owner, Raiser, Fixer, Supervisor, SafetyOffice, Leadership, Admin",
            exception.Message.Split(Environment.NewLine));
    }

    private static string Told(IEnumerable<NotifyRule> messages) =>
        string.Join("; ", messages.Select(m => $"{m.Kind}: {string.Join(", ", m.Audiences)}"));

    public static TheoryData<string> BrokenFileCases => [.. BrokenFile.All.Keys];

    [Theory]
    [MemberData(nameof(BrokenFileCases))]
    public void A_broken_file_is_refused_with_an_error_naming_file_line_and_field(string name)
    {
        var broken = BrokenFile.All[name];
        using var folder = WorkflowFolder.CopyOfRepo();
        folder.Replace(broken.File, broken.Find, broken.Replacement);
        var expectedLine = folder.LineOf(broken.File, broken.LineMarker);

        var errors = folder.LoadErrors();

        var error = Assert.Single(errors);
        Assert.Equal(folder.PathOf(broken.File), error.File);
        Assert.Equal((expectedLine, broken.Field), (error.Line, error.Field));
        Assert.Contains(broken.Message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_exception_message_lists_every_error_across_files_one_per_line()
    {
        using var folder = WorkflowFolder.CopyOfRepo();
        folder.Replace(WorkflowFolder.Rectification, "offset: P2D", "offset: -P2D");
        folder.Replace(WorkflowFolder.Hydrant, "assetType: hydrant", "assetType: sprinkler");
        var ladderLine = folder.LineOf(WorkflowFolder.Rectification, "offset: -P2D");

        var exception = Assert.Throws<WorkflowDefinitionException>(() => folder.Load());

        Assert.Equal(2, exception.Errors.Count);
        var lines = exception.Message.Split(Environment.NewLine);
        Assert.Contains($"{folder.PathOf(WorkflowFolder.Rectification)}:{ladderLine}:5: ladder[2].offset: must be later than the step before (PT0S)", lines);
        Assert.Contains(lines, l => l.StartsWith($"{folder.PathOf(WorkflowFolder.Hydrant)}:7:1: assetType: unknown asset type 'sprinkler'", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_broken_item_in_a_file_is_reported_not_only_the_first()
    {
        using var folder = WorkflowFolder.CopyOfRepo();
        var source = folder.Read(WorkflowFolder.Extinguisher);
        folder.Write(WorkflowFolder.Extinguisher, source.Replace("severity: general", "severity: minor", StringComparison.Ordinal));

        var errors = folder.LoadErrors();

        Assert.Equal(source.Split("severity: general").Length - 1, errors.Count);
        Assert.All(errors, e => Assert.Equal(("severity", "unknown severity 'minor'; expected general or major"), (e.Field.Split('.')[^1], e.Message)));
        Assert.Equal(errors.Select(e => e.Line).Order(), errors.Select(e => e.Line));
    }

    [Fact]
    public void A_second_inspection_for_the_same_asset_type_is_refused()
    {
        using var folder = WorkflowFolder.CopyOfRepo();
        folder.Write("weekly-hydrant-recheck.yaml", folder.Read(WorkflowFolder.Hydrant).Replace("id: weekly-hydrant-check", "id: weekly-hydrant-recheck", StringComparison.Ordinal));

        var error = Assert.Single(folder.LoadErrors());

        Assert.Equal((folder.PathOf("weekly-hydrant-recheck.yaml"), 7, "assetType"), (error.File, error.Line, error.Field));
        Assert.Contains("already has an inspection workflow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_a_rectification_definition_is_refused()
    {
        using var folder = WorkflowFolder.CopyOfRepo();
        folder.Delete(WorkflowFolder.Rectification);

        var error = Assert.Single(folder.LoadErrors());

        Assert.Equal((folder.Path, 0), (error.File, error.Line));
        Assert.Contains("no rectification definition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_content_hash_is_the_sha256_of_the_file_and_changes_when_the_file_changes()
    {
        using var folder = WorkflowFolder.CopyOfRepo();
        var before = folder.Load();
        folder.Replace(WorkflowFolder.Electrical, "max: 60", "max: 55");

        var after = folder.Load();

        var bytes = File.ReadAllBytes(folder.PathOf(WorkflowFolder.Electrical));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), after.Find("weekly-electrical-check")!.ContentHash);
        Assert.NotEqual(before.Find("weekly-electrical-check")!.ContentHash, after.Find("weekly-electrical-check")!.ContentHash);
        Assert.Equal(before.Find("weekly-hydrant-check")!.ContentHash, after.Find("weekly-hydrant-check")!.ContentHash);
        Assert.Equal(55m, Inspection(after, "electrical").FindItem("surface-temperature")!.Max);
    }

    [Fact]
    public void Parsing_a_stored_source_gives_back_an_equal_definition()
    {
        var catalog = WorkflowLoader.LoadFolder(WorkflowFolder.RepoWorkflows);

        Assert.All(catalog.All, stored =>
        {
            var reloaded = WorkflowLoader.Parse(stored.Source, stored.SourceFile);
            Assert.Equal(stored.GetType(), reloaded.GetType());
            Assert.Equal(Snapshot(stored), Snapshot(reloaded));
        });
    }

    [Fact]
    public void Parse_names_the_given_file_in_its_errors()
    {
        var source = File.ReadAllText(Path.Combine(WorkflowFolder.RepoWorkflows, WorkflowFolder.Rectification))
            .Replace("roles: [Owner]", "roles: [Janitor]", StringComparison.Ordinal);

        var exception = Assert.Throws<WorkflowDefinitionException>(() => WorkflowLoader.Parse(source, "stored/rectification.yaml"));

        Assert.Equal(["transitions[0].roles[0]", "transitions[3].roles[0]", "transitions[6].roles[0]"], exception.Errors.Select(e => e.Field));
        Assert.All(exception.Errors, e => Assert.Equal("stored/rectification.yaml", e.File));
    }

    [Fact]
    public void An_error_reads_as_file_line_column_field_and_message()
    {
        var error = new WorkflowDefinitionError("workflows/rectification.yaml", 12, 5, "ladder[2].offset", "must be later than the step before");

        Assert.Equal("workflows/rectification.yaml:12:5: ladder[2].offset: must be later than the step before", error.ToString());
    }

    private static InspectionWorkflow Inspection(WorkflowCatalog catalog, string assetType) =>
        catalog.Inspections.Single(i => i.AssetType == assetType);

    // Records holding ImmutableArray compare arrays by reference, so compare what the definitions serialize to.
    private static string Snapshot(WorkflowDefinition definition) => JsonSerializer.Serialize(definition, definition.GetType());
}
