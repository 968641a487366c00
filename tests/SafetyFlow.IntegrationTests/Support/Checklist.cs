using System.Text.Json;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>
/// Fills in an inspection's checklist: everything passes (readings inside their limits) unless told otherwise. The items
/// asked once per zone are answered with <c>"asset": null</c>; name them with a null asset.
/// </summary>
internal sealed class Checklist
{
    private readonly JsonElement _inspection;
    private readonly Dictionary<(string? Asset, string Item), Dictionary<string, object?>> _overrides = [];

    private Checklist(JsonElement inspection) => _inspection = inspection;

    public string Id => _inspection.GetProperty("id").GetString()!;

    /// <summary>The keys of the assets asked about, in order; the zone's own target is not one.</summary>
    public IReadOnlyList<string> Assets => [.. _inspection.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("asset").GetString()).OfType<string>()];

    public static async Task<Checklist> OpenAsync(HttpClient member, string workflowId, string zone)
    {
        var list = await member.GetJsonAsync("/api/inspections?mine=true&status=due");
        var summary = list.EnumerateArray().Single(i => i.GetProperty("workflowId").GetString() == workflowId && i.GetProperty("zone").GetString() == zone);
        return new Checklist(await member.GetJsonAsync($"/api/inspections/{summary.GetProperty("id").GetString()}"));
    }

    /// <summary>An inspection read from <c>GET /api/inspections/{id}</c>.</summary>
    public static Checklist Of(JsonElement inspection) => new(inspection);

    /// <summary>Fails every general check item on every target; readings and major items pass.</summary>
    public Checklist FailGeneralChecks(string note = "defect")
    {
        foreach (var target in _inspection.GetProperty("targets").EnumerateArray())
        {
            foreach (var item in target.GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("kind").GetString() == "check" && i.GetProperty("severity").GetString() == "general"))
            {
                Fail(target.GetProperty("asset").GetString(), item.GetProperty("itemId").GetString()!, note);
            }
        }

        return this;
    }

    /// <summary>The first item of a kind and severity, e.g. a general check.</summary>
    public string ItemOf(string kind, string severity) =>
        Items()
            .First(i => i.GetProperty("kind").GetString() == kind && i.GetProperty("severity").GetString() == severity)
            .GetProperty("itemId").GetString()!;

    /// <summary>Every item of a kind and severity, in checklist order.</summary>
    public IReadOnlyList<string> ItemsOf(string kind, string severity) =>
        [.. Items()
            .Where(i => i.GetProperty("kind").GetString() == kind && i.GetProperty("severity").GetString() == severity)
            .Select(i => i.GetProperty("itemId").GetString()!)];

    /// <summary>A reading item with both limits.</summary>
    public JsonElement BoundedReading() =>
        Items()
            .First(i => i.GetProperty("kind").GetString() == "reading"
                && i.TryGetProperty("min", out var min) && min.ValueKind == JsonValueKind.Number
                && i.TryGetProperty("max", out var max) && max.ValueKind == JsonValueKind.Number);

    public Checklist Fail(string? asset, string itemId, string? note = "defect", bool fixedOnSpot = false)
    {
        _overrides[(asset, itemId)] = new() { ["outcome"] = "fail", ["note"] = note, ["fixedOnSpot"] = fixedOnSpot };
        return this;
    }

    public Checklist Reading(string? asset, string itemId, decimal value, string? outcome = null)
    {
        _overrides[(asset, itemId)] = new() { ["value"] = value, ["outcome"] = outcome };
        return this;
    }

    public object Body() => new { results = Rows() };

    /// <summary>Every answer, in the order of the targets and their items.</summary>
    public List<Dictionary<string, object?>> Rows()
    {
        var results = new List<Dictionary<string, object?>>();
        foreach (var target in _inspection.GetProperty("targets").EnumerateArray())
        {
            var asset = target.GetProperty("asset").GetString();
            foreach (var item in target.GetProperty("items").EnumerateArray())
            {
                var itemId = item.GetProperty("itemId").GetString()!;
                var row = new Dictionary<string, object?> { ["asset"] = asset, ["itemId"] = itemId };
                if (_overrides.TryGetValue((asset, itemId), out var custom))
                {
                    foreach (var (key, value) in custom.Where(c => c.Value is not null))
                    {
                        row[key] = value;
                    }
                }
                else if (item.GetProperty("kind").GetString() == "reading")
                {
                    row["value"] = PassingValue(item);
                }
                else
                {
                    row["outcome"] = "pass";
                }

                results.Add(row);
            }
        }

        return results;
    }

    /// <summary>Every item of the checklist once, whichever target asks it, in the order first asked.</summary>
    private IEnumerable<JsonElement> Items() =>
        _inspection.GetProperty("targets").EnumerateArray()
            .SelectMany(t => t.GetProperty("items").EnumerateArray())
            .DistinctBy(i => i.GetProperty("itemId").GetString());

    private static decimal PassingValue(JsonElement item)
    {
        decimal? min = item.TryGetProperty("min", out var lo) && lo.ValueKind == JsonValueKind.Number ? lo.GetDecimal() : null;
        decimal? max = item.TryGetProperty("max", out var hi) && hi.ValueKind == JsonValueKind.Number ? hi.GetDecimal() : null;
        return (min, max) switch
        {
            ({ } a, { } b) => (a + b) / 2,
            ({ } a, null) => a + 1,
            (null, { } b) => b - 1,
            _ => 0,
        };
    }
}
