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

    [Fact]
    public void The_food_safety_check_asks_the_kitchen_once_and_its_readings_only_of_fridges_and_freezers()
    {
        var food = Catalog.Inspections.Single(i => i.AssetType == "kitchen");
        Dictionary<string, string> Storage(string value) => new() { ["storage"] = value };

        Assert.Equal(13, food.ZoneItems.Count());
        Assert.Contains("health-certificates", food.ZoneItems.Select(i => i.ItemId));
        Assert.Contains("sample-retention", food.ZoneItems.Select(i => i.ItemId));
        Assert.Equal(["fridge-temperature"], food.ItemsFor(Storage("fridge")).Select(i => i.ItemId));
        Assert.Equal(["freezer-temperature"], food.ItemsFor(Storage("freezer")).Select(i => i.ItemId));
        Assert.Empty(food.ItemsFor(Storage("dry")));
        Assert.Empty(food.ItemsFor(new Dictionary<string, string> { ["burners"] = "6" }));
    }

    [Fact]
    public void Items_without_per_are_asked_of_every_asset()
    {
        var extinguisher = Catalog.Inspections.Single(i => i.AssetType == "extinguisher");

        Assert.Empty(extinguisher.ZoneItems);
        Assert.All(extinguisher.Items, i => Assert.Equal(ItemScope.Asset, i.Per));
        Assert.Equal(extinguisher.Items.Length, extinguisher.ItemsFor(new Dictionary<string, string>()).Count());
    }
}
