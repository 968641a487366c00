using SafetyFlow.Workflows;

namespace SafetyFlow.UnitTests.Workflows;

/// <summary>A temporary copy of the repo's workflows/ folder that a test can break one edit at a time.</summary>
internal sealed class WorkflowFolder : IDisposable
{
    public const string Extinguisher = "weekly-extinguisher-check.yaml";
    public const string Hydrant = "weekly-hydrant-check.yaml";
    public const string Electrical = "weekly-electrical-check.yaml";
    public const string FoodSafety = "weekly-food-safety-check.yaml";
    public const string Rectification = "rectification.yaml";
    public const string ZoneRating = "zone-rating.yaml";

    private WorkflowFolder(string path)
    {
        Path = path;
    }

    /// <summary>The repo's own workflows/ folder (found by walking up to the folder that holds SafetyFlow.sln).</summary>
    public static string RepoWorkflows { get; } = System.IO.Path.Combine(FindRepoRoot(), "workflows");

    public string Path { get; }

    public static WorkflowFolder CopyOfRepo()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "safetyflow-workflows-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        foreach (var file in Directory.EnumerateFiles(RepoWorkflows, "*.yaml"))
        {
            File.Copy(file, System.IO.Path.Combine(path, System.IO.Path.GetFileName(file)));
        }

        return new WorkflowFolder(path);
    }

    public string PathOf(string file) => System.IO.Path.Combine(Path, file);

    public string Read(string file) => File.ReadAllText(PathOf(file));

    public void Write(string file, string text) => File.WriteAllText(PathOf(file), text);

    public void Delete(string file) => File.Delete(PathOf(file));

    /// <summary>Replaces the first occurrence of <paramref name="find"/>, failing the test if it is not there.</summary>
    public WorkflowFolder Replace(string file, string find, string replacement)
    {
        var text = Read(file);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' not found in {file}");
        Write(file, string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length)));
        return this;
    }

    /// <summary>The 1-based line on which <paramref name="marker"/> first appears.</summary>
    public int LineOf(string file, string marker)
    {
        var text = Read(file);
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{marker}' not found in {file}");
        return text.AsSpan(0, at).Count('\n') + 1;
    }

    public WorkflowCatalog Load() => WorkflowLoader.LoadFolder(Path);

    public IReadOnlyList<WorkflowDefinitionError> LoadErrors() =>
        Assert.Throws<WorkflowDefinitionException>(() => Load()).Errors;

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private static string FindRepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "SafetyFlow.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder holding SafetyFlow.sln above {AppContext.BaseDirectory}");
    }
}
