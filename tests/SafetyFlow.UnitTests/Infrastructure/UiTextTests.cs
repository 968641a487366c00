using System.Text.RegularExpressions;
using SafetyFlow.UnitTests.Workflows;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.UnitTests.Infrastructure;

public sealed partial class UiTextTests
{
    private static readonly string[] DynamicPrefixes = ["status.", "outcome.", "severity.", "state.", "category.", "action.", "deliveries.status.", "deliveries.channel.", "deliveries.resent.", "closure.by.", "error.title.", "error.text.", "search.sort.", "adminEdit.error.", "adminEdit.role.", "adminEdit.lang."];

    [Fact]
    public void Every_page_text_is_written_in_Chinese_and_in_English()
    {
        var missing = Ui.Keys.Where(key => string.IsNullOrWhiteSpace(Ui.Both(key).Zh) || string.IsNullOrWhiteSpace(Ui.Both(key).En)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_text_key_a_page_uses_has_its_texts()
    {
        var pages = Path.Combine(Path.GetDirectoryName(WorkflowFolder.RepoWorkflows)!, "src", "SafetyFlow.Web", "Pages");
        var used = Directory.EnumerateFiles(pages, "*.cs*", SearchOption.AllDirectories)
            .SelectMany(file => TextKey().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .Where(key => key.Contains('.', StringComparison.Ordinal) && !DynamicPrefixes.Contains(key))
            .Distinct()
            .ToList();
        Assert.NotEmpty(used);
        var unknown = used.Where(key => !Ui.Keys.Contains(key)).ToList();
        Assert.True(unknown.Count == 0, "No texts for: " + string.Join(", ", unknown));
    }

    [Theory]
    [InlineData("status.", new[] { "due", "overdue", "submitted" })]
    [InlineData("outcome.", new[] { "pass", "fail", "na" })]
    [InlineData("severity.", new[] { "general", "major" })]
    [InlineData("category.", new[] { "extinguisher", "hydrant", "electrical", "kitchen" })]
    [InlineData("state.", new[] { "Open", "FixSubmitted", "Closed" })]
    [InlineData("deliveries.status.", new[] { "failed", "pending", "sent" })]
    [InlineData("deliveries.channel.", new[] { "email", "webhook" })]
    [InlineData("deliveries.resent.", new[] { "failed", "pending", "sent" })]
    [InlineData("audience.", new[] { "Owner", "Raiser", "Fixer", "Supervisor", "SafetyOffice", "Leadership", "Admin" })]
    [InlineData("closure.by.", new[] { "unit", "zone", "category", "severity", "owner", "week", "month" })]
    [InlineData("error.title.", new[] { "403", "404", "500", "other" })]
    [InlineData("error.text.", new[] { "403", "404", "500", "other" })]
    [InlineData("search.sort.", new[] { "due", "raised", "zone", "state" })]
    [InlineData("adminEdit.error.", new[] { "userName", "displayName", "email", "phone", "unit", "roles", "language", "password", "name", "parent", "member", "owner", "zone", "type" })]
    [InlineData("adminEdit.role.", new[] { "Member", "Owner", "Supervisor", "SafetyOffice", "Admin" })]
    [InlineData("adminEdit.lang.", new[] { "zh-CN", "en" })]
    public void Texts_built_from_a_value_exist_for_every_value(string prefix, string[] values)
    {
        Assert.All(values, value => Assert.Contains(prefix + value, Ui.Keys));
    }

    // Keys appear as T["area.name"], T.Format("area.name", ...) or as "area.name" text keys handed to the page.
    [GeneratedRegex("\"([a-zA-Z]+\\.[a-zA-Z.]+)\"")]
    private static partial Regex TextKey();
}
