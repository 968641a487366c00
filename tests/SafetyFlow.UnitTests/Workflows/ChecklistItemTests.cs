using SafetyFlow.Workflows;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.UnitTests.Workflows;

public sealed class ChecklistItemTests
{
    private static readonly WorkflowCatalog Catalog = WorkflowLoader.LoadFolder(WorkflowFolder.RepoWorkflows);

    [Theory]
    [InlineData("kitchen", "fridge-temperature", "-0.1", false)]
    [InlineData("kitchen", "fridge-temperature", "0", true)]
    [InlineData("kitchen", "fridge-temperature", "8", true)]
    [InlineData("kitchen", "fridge-temperature", "8.1", false)]
    [InlineData("kitchen", "freezer-temperature", "-18", true)]
    [InlineData("kitchen", "freezer-temperature", "-12", true)]
    [InlineData("kitchen", "freezer-temperature", "-11.5", false)]
    [InlineData("kitchen", "core-temperature", "69.9", false)]
    [InlineData("kitchen", "core-temperature", "75", true)]
    [InlineData("hydrant", "static-pressure", "0.09", false)]
    [InlineData("hydrant", "static-pressure", "0.35", true)]
    [InlineData("extinguisher", "gauge-pressure", "0.8", false)]
    [InlineData("extinguisher", "gauge-pressure", "1.2", true)]
    [InlineData("extinguisher", "gauge-pressure", "1.5", false)]
    [InlineData("electrical", "surface-temperature", "60", true)]
    [InlineData("electrical", "surface-temperature", "72", false)]
    public void A_reading_passes_only_inside_its_limits(string assetType, string itemId, string value, bool passes)
    {
        var item = Catalog.Inspections.Single(i => i.AssetType == assetType).FindItem(itemId)!;

        Assert.Equal(ItemKind.Reading, item.Kind);
        Assert.Equal(passes, item.IsWithinLimits(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
