using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Inspections;

/// <summary>
/// One checked answer: the asset (null for an item asked once per zone visit) and item it answers, the result to store,
/// and whether it was fixed on the spot.
/// </summary>
internal sealed record ChecklistAnswer(Asset? Asset, ChecklistItem Item, InspectionResult Result, bool FixedOnSpot);

/// <summary>
/// The answers of a submission against the checklist the inspection was created from: every asset/item pair once (the
/// items asked once per zone with no asset, the others for each asset they apply to), checks with an outcome, readings
/// with a value whose outcome follows from the item's limits. Errors by field path.
/// </summary>
internal static class ChecklistAnswers
{
    /// <summary>How a missing answer to an item asked once per zone is named, in place of an asset key.</summary>
    public const string ZoneLabel = "(zone)";

    public static (List<ChecklistAnswer> Answers, ValidationErrors Errors) Check(
        IReadOnlyList<ResultRow> rows,
        Inspection inspection,
        InspectionWorkflow definition,
        RectificationWorkflow lifecycle)
    {
        var errors = new ValidationErrors();
        var answers = new List<ChecklistAnswer>();
        var assets = inspection.Targets.ToDictionary(t => t.Asset!.Key, t => t.Asset!, StringComparer.Ordinal);
        var answered = new HashSet<(string?, string)>();

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var path = $"results[{i}]";
            var item = definition.FindItem(row.ItemId!);
            var zoneAnswer = string.IsNullOrEmpty(row.Asset);
            Asset? asset = null;
            if (!zoneAnswer && !assets.TryGetValue(row.Asset!, out asset))
            {
                errors.Add($"{path}.asset", $"Asset '{row.Asset}' is not part of this inspection.");
            }

            if (item is null)
            {
                errors.Add($"{path}.itemId", $"'{row.ItemId}' is not an item of {definition.Id}.");
                continue;
            }

            if (!zoneAnswer && asset is null)
            {
                continue;
            }

            if (Misplaced(item, asset) is { } misplaced)
            {
                errors.Add($"{path}.asset", misplaced);
                continue;
            }

            if (!answered.Add((asset?.Key, item.ItemId)))
            {
                errors.Add(path, $"{asset?.Key ?? ZoneLabel}/{item.ItemId} is answered more than once.");
                continue;
            }

            var outcome = Outcome(row, item, path, errors);
            if (outcome is null)
            {
                continue;
            }

            var fixedOnSpot = row.FixedOnSpot == true;
            if (fixedOnSpot && (outcome != ItemOutcome.Fail || !lifecycle.Deadlines[item.Severity].FixOnSpotAllowed))
            {
                errors.Add($"{path}.fixedOnSpot", outcome != ItemOutcome.Fail
                    ? "Only a failed item can be fixed on the spot."
                    : $"A {item.Severity.ToString().ToLowerInvariant()} defect cannot be fixed on the spot; it needs its owner.");
                continue;
            }

            answers.Add(new ChecklistAnswer(
                asset,
                item,
                new InspectionResult { InspectionId = inspection.Id, AssetId = asset?.Id, ItemId = item.ItemId, Outcome = outcome.Value, Value = row.Value, Note = row.Note },
                fixedOnSpot));
        }

        var missing = Pairs(inspection, definition)
            .Select(pair => (Asset: pair.Asset?.Key, pair.Item.ItemId))
            .Where(pair => !answered.Contains(pair))
            .ToList();
        if (missing.Count > 0)
        {
            var listed = string.Join(", ", missing.Take(10).Select(m => $"{m.Asset ?? ZoneLabel}/{m.ItemId}"));
            errors.Add("results", $"Every asset/item pair must be answered once; {missing.Count} missing: {listed}{(missing.Count > 10 ? ", …" : "")}.");
        }

        return (answers, errors);
    }

    /// <summary>
    /// Every pair an inspection asks, in the order it is shown: the items asked once per zone (asset null), then each
    /// asset by key with the items that apply to it.
    /// </summary>
    public static IEnumerable<(Asset? Asset, ChecklistItem Item)> Pairs(Inspection inspection, InspectionWorkflow definition)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(definition);
        return definition.ZoneItems.Select(item => ((Asset?)null, item))
            .Concat(inspection.Targets
                .Select(t => t.Asset!)
                .OrderBy(a => a.Key, StringComparer.Ordinal)
                .SelectMany(asset => definition.ItemsFor(asset.Attributes).Select(item => ((Asset?)asset, item))));
    }

    /// <summary>Why an item cannot be answered for this asset (or for the zone, when null); null when it can.</summary>
    private static string? Misplaced(ChecklistItem item, Asset? asset) => (item.Per, asset) switch
    {
        (ItemScope.Zone, { } given) =>
            $"'{item.ItemId}' is asked once per zone visit; send it with \"asset\": null or without asset, not for '{given.Key}'.",
        (ItemScope.Asset, null) => $"'{item.ItemId}' is asked for each asset; name the asset.",
        (ItemScope.Asset, { } given) when !item.AppliesToAsset(given.Attributes) =>
            $"'{item.ItemId}' is not asked of '{given.Key}': it applies only to assets whose {item.AppliesTo!.Attribute} is {string.Join(" or ", item.AppliesTo.Values)}.",
        _ => null,
    };

    private static ItemOutcome? Outcome(ResultRow row, ChecklistItem item, string path, ValidationErrors errors)
    {
        ItemOutcome? stated = row.Outcome switch
        {
            "pass" => ItemOutcome.Pass,
            "fail" => ItemOutcome.Fail,
            "na" => ItemOutcome.NotApplicable,
            _ => null,
        };

        if (item.Kind == ItemKind.Check)
        {
            if (row.Value is not null)
            {
                errors.Add($"{path}.value", $"'{item.ItemId}' is a check and takes no value.");
                return null;
            }

            if (stated is null)
            {
                errors.Add($"{path}.outcome", "A check needs an outcome: pass, fail or na.");
            }

            return stated;
        }

        if (row.Value is null)
        {
            if (stated == ItemOutcome.NotApplicable)
            {
                return stated;
            }

            errors.Add($"{path}.value", $"'{item.ItemId}' is a reading in {item.Unit}; give its value, or outcome na.");
            return null;
        }

        var measured = item.IsWithinLimits(row.Value.Value) ? ItemOutcome.Pass : ItemOutcome.Fail;
        if (stated is not null && stated != measured)
        {
            errors.Add($"{path}.outcome", $"{row.Value} {item.Unit} is {(measured == ItemOutcome.Pass ? "inside" : "outside")} the limits ({Limits(item)}), so the outcome is {(measured == ItemOutcome.Pass ? "pass" : "fail")}.");
            return null;
        }

        return measured;
    }

    private static string Limits(ChecklistItem item) => (item.Min, item.Max) switch
    {
        ({ } min, { } max) => $"{min}–{max} {item.Unit}",
        ({ } min, null) => $"at least {min} {item.Unit}",
        (null, { } max) => $"at most {max} {item.Unit}",
        _ => "none",
    };
}
