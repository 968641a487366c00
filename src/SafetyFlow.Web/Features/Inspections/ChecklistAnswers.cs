using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Inspections;

/// <summary>One checked answer: the asset and item it answers, the result to store, and whether it was fixed on the spot.</summary>
internal sealed record ChecklistAnswer(Asset Asset, ChecklistItem Item, InspectionResult Result, bool FixedOnSpot);

/// <summary>
/// The answers of a submission against the checklist the inspection was created from: every asset/item pair once,
/// checks with an outcome, readings with a value whose outcome follows from the item's limits. Errors by field path.
/// </summary>
internal static class ChecklistAnswers
{
    public static (List<ChecklistAnswer> Answers, ValidationErrors Errors) Check(
        IReadOnlyList<ResultRow> rows,
        Inspection inspection,
        InspectionWorkflow definition,
        RectificationWorkflow lifecycle)
    {
        var errors = new ValidationErrors();
        var answers = new List<ChecklistAnswer>();
        var assets = inspection.Targets.ToDictionary(t => t.Asset!.Key, t => t.Asset!, StringComparer.Ordinal);
        var answered = new HashSet<(string, string)>();

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var path = $"results[{i}]";
            var item = definition.FindItem(row.ItemId!);
            if (!assets.TryGetValue(row.Asset!, out var asset))
            {
                errors.Add($"{path}.asset", $"Asset '{row.Asset}' is not part of this inspection.");
            }

            if (item is null)
            {
                errors.Add($"{path}.itemId", $"'{row.ItemId}' is not an item of {definition.Id}.");
            }

            if (asset is null || item is null)
            {
                continue;
            }

            if (!answered.Add((row.Asset!, row.ItemId!)))
            {
                errors.Add(path, $"{row.Asset}/{row.ItemId} is answered more than once.");
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
                new InspectionResult { InspectionId = inspection.Id, AssetId = asset.Id, ItemId = item.ItemId, Outcome = outcome.Value, Value = row.Value, Note = row.Note },
                fixedOnSpot));
        }

        var missing = assets.Keys
            .SelectMany(asset => definition.Items.Select(item => (asset, item.ItemId)))
            .Where(pair => !answered.Contains(pair))
            .ToList();
        if (missing.Count > 0)
        {
            var listed = string.Join(", ", missing.Take(10).Select(m => $"{m.asset}/{m.ItemId}"));
            errors.Add("results", $"Every asset/item pair must be answered once; {missing.Count} missing: {listed}{(missing.Count > 10 ? ", …" : "")}.");
        }

        return (answers, errors);
    }

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
