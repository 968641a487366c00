using System.Collections.Immutable;

namespace SafetyFlow.Workflows.Model;

/// <summary>A validated, immutable workflow definition loaded from one YAML file.</summary>
public abstract record WorkflowDefinition
{
    /// <summary>The definition's id, e.g. <c>weekly-extinguisher-check</c>; equal to the file name without extension.</summary>
    public required string Id { get; init; }

    /// <summary>The definition's title in both languages.</summary>
    public required LocalizedText Title { get; init; }

    /// <summary>What the definition describes.</summary>
    public abstract WorkflowKind Kind { get; }

    /// <summary>The file it was loaded from (full path).</summary>
    public required string SourceFile { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes; identifies this version of the definition.</summary>
    public required string ContentHash { get; init; }

    /// <summary>The file's text, kept so that an older version can be loaded again from storage.</summary>
    public required string Source { get; init; }
}

/// <summary>A weekly checklist for every asset of one type in a zone.</summary>
public sealed record InspectionWorkflow : WorkflowDefinition
{
    /// <inheritdoc />
    public override WorkflowKind Kind => WorkflowKind.Inspection;

    /// <summary>The asset type inspected: <c>extinguisher</c>, <c>hydrant</c>, <c>electrical</c> or <c>kitchen</c>.</summary>
    public required string AssetType { get; init; }

    /// <summary>When in the week the unannounced visit may fall.</summary>
    public required VisitSchedule Schedule { get; init; }

    /// <summary>The checklist items, in the order they are shown.</summary>
    public required ImmutableArray<ChecklistItem> Items { get; init; }

    /// <summary>The item with this id, or null.</summary>
    public ChecklistItem? FindItem(string itemId) => Items.FirstOrDefault(i => i.ItemId == itemId);

    /// <summary>The items asked once per zone visit, in the order they are shown.</summary>
    public IEnumerable<ChecklistItem> ZoneItems => Items.Where(i => i.Per == ItemScope.Zone);

    /// <summary>The items asked of an asset with these attributes, in the order they are shown.</summary>
    public IEnumerable<ChecklistItem> ItemsFor(IReadOnlyDictionary<string, string> assetAttributes) =>
        Items.Where(i => i.Per == ItemScope.Asset && i.AppliesToAsset(assetAttributes));
}

/// <summary>The part of the week in which a visit window is drawn at random.</summary>
/// <param name="Days">Days of the week a visit may fall on.</param>
/// <param name="EarliestStart">Earliest local time a visit may start.</param>
/// <param name="LatestEnd">Latest local time a visit may end.</param>
/// <param name="WindowLength">How long the visit window is.</param>
public sealed record VisitSchedule(
    ImmutableArray<DayOfWeek> Days,
    TimeOnly EarliestStart,
    TimeOnly LatestEnd,
    TimeSpan WindowLength);

/// <summary>One checklist item.</summary>
public sealed record ChecklistItem
{
    /// <summary>Unique within its workflow, e.g. <c>gauge-green</c>.</summary>
    public required string ItemId { get; init; }

    /// <summary>What to check, in both languages.</summary>
    public required LocalizedText Text { get; init; }

    /// <summary>Check or reading.</summary>
    public required ItemKind Kind { get; init; }

    /// <summary>Unit of a reading (e.g. <c>MPa</c>, <c>°C</c>); null for checks.</summary>
    public string? Unit { get; init; }

    /// <summary>Lowest passing value of a reading, inclusive; null when unbounded below.</summary>
    public decimal? Min { get; init; }

    /// <summary>Highest passing value of a reading, inclusive; null when unbounded above.</summary>
    public decimal? Max { get; init; }

    /// <summary>Severity of the finding raised when the item fails.</summary>
    public required Severity Severity { get; init; }

    /// <summary>The standard clause behind the item, e.g. <c>GB 50444-2008 App. C</c>.</summary>
    public required string Reference { get; init; }

    /// <summary>True when the clause number has not been checked against the official text.</summary>
    public bool ReferenceUnverified { get; init; }

    /// <summary>Asked for each asset (the default) or once per zone visit.</summary>
    public ItemScope Per { get; init; } = ItemScope.Asset;

    /// <summary>
    /// For an item asked per asset: only assets whose attribute <see cref="AssetCondition.Attribute"/> holds one of the
    /// listed values are asked it (a fridge reading only of fridges); null when every asset of the type is asked.
    /// </summary>
    public AssetCondition? AppliesTo { get; init; }

    /// <summary>Whether an asset with these attributes is asked this item.</summary>
    public bool AppliesToAsset(IReadOnlyDictionary<string, string> assetAttributes)
    {
        ArgumentNullException.ThrowIfNull(assetAttributes);
        return AppliesTo is not { } condition
            || (assetAttributes.TryGetValue(condition.Attribute, out var value) && condition.Values.Contains(value.Trim(), StringComparer.Ordinal));
    }

    /// <summary>Whether a value is inside the reading's limits.</summary>
    public bool IsWithinLimits(decimal value) => (Min is null || value >= Min) && (Max is null || value <= Max);
}

/// <summary>Which assets an item asked per asset applies to: those whose <paramref name="Attribute"/> is one of <paramref name="Values"/>.</summary>
/// <param name="Attribute">An asset attribute as imported, e.g. <c>storage</c>.</param>
/// <param name="Values">The values that make the item apply, e.g. <c>fridge</c>; compared exactly.</param>
public sealed record AssetCondition(string Attribute, ImmutableArray<string> Values);
