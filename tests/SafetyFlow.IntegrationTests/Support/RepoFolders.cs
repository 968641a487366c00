namespace SafetyFlow.IntegrationTests.Support;

internal static class RepoFolders
{
    /// <summary>The repository root: the folder holding SafetyFlow.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A temporary copy of the repository's workflow definitions, to be changed by a test.</summary>
    public static string CopyOfWorkflows()
    {
        var target = Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"workflows-{Guid.NewGuid():N}");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "workflows")))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    /// <summary>Replaces the first occurrence of a text in a file, failing if it is not there.</summary>
    public static void ReplaceOnce(string file, string text, string replacement)
    {
        var content = File.ReadAllText(file);
        var at = content.IndexOf(text, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{text}' not found in {file}");
        File.WriteAllText(file, string.Concat(content.AsSpan(0, at), replacement, content.AsSpan(at + text.Length)));
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SafetyFlow.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("SafetyFlow.sln not found above " + AppContext.BaseDirectory);
    }
}
