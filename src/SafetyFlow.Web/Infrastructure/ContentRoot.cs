namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// Finds the folder that holds <c>appsettings.json</c> and <c>workflows/</c>: the repository root when run from source,
/// the app's own folder when published.
/// </summary>
public static class ContentRoot
{
    public static string Locate()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "appsettings.json")) && Directory.Exists(Path.Combine(folder.FullName, "workflows")))
                {
                    return folder.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>The page assets: the project's <c>wwwroot</c> when run from source, the published copy otherwise.</summary>
    public static string WebRoot(string contentRoot)
    {
        var source = Path.Combine(contentRoot, "src", "SafetyFlow.Web", "wwwroot");
        return Directory.Exists(source) ? source : Path.Combine(AppContext.BaseDirectory, "wwwroot");
    }
}
