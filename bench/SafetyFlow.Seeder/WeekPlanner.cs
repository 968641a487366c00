using SafetyFlow.Web.Domain;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Seeder;

/// <summary>One failed answer: the asset and item, and the reading for a reading item.</summary>
public sealed record PlannedFailure(Asset Asset, ChecklistItem Item, decimal? Value);

/// <summary>An inspection to submit in the week, with the failures it records.</summary>
public sealed record PlannedInspection(BenchZone Zone, InspectionWorkflow Workflow, DateTimeOffset Start, List<PlannedFailure> Failures);

/// <summary>Where a week's failures happen: spread over the zones at random, one inspection per zone and checklist.</summary>
public sealed class WeekPlanner(Catalogs catalogs, Random random)
{
    /// <summary>The week's failures, spread over zones at random, grouped into one inspection per zone and checklist.</summary>
    public List<PlannedInspection> Plan(DateTimeOffset weekStart, int findings)
    {
        var planned = new Dictionary<(int Zone, string Workflow), PlannedInspection>();
        for (var i = 0; i < findings; i++)
        {
            var z = random.Next(catalogs.Org.Zones.Count);
            var zone = catalogs.Org.Zones[z];
            var types = zone.AssetsByType.Keys.ToList();
            var type = types[random.Next(types.Count)];
            var workflow = catalogs.Catalog.Inspections.First(x => x.AssetType == type);
            if (!planned.TryGetValue((z, workflow.Id), out var inspection))
            {
                // A visit on a working day between 08:00 and 16:00, local time.
                var start = weekStart + TimeSpan.FromDays(random.Next(5)) + TimeSpan.FromHours(8) + TimeSpan.FromMinutes(15 * random.Next(32));
                inspection = new PlannedInspection(zone, workflow, start, []);
                planned[(z, workflow.Id)] = inspection;
            }

            var assets = zone.AssetsByType[type];
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var asset = assets[random.Next(assets.Count)];
                var item = Item(workflow);
                if (inspection.Failures.All(f => f.Asset != asset || f.Item != item))
                {
                    var value = item.Kind == ItemKind.Reading ? (item.Max is { } max ? max + 1 : item.Min - 1) : null;
                    inspection.Failures.Add(new PlannedFailure(asset, item, value));
                    break;
                }
            }
        }

        return [.. planned.Values.OrderBy(p => p.Start)];
    }

    /// <summary>A failed item: three in four failures are general defects, the rest major hazards.</summary>
    private ChecklistItem Item(InspectionWorkflow workflow)
    {
        var severity = random.NextDouble() < 0.75 ? Severity.General : Severity.Major;
        var items = workflow.Items.Where(i => i.Severity == severity).ToList();
        return items.Count > 0 ? items[random.Next(items.Count)] : workflow.Items[random.Next(workflow.Items.Length)];
    }

    /// <summary>The week's inspections in batches of about <paramref name="findingsPerSave"/> findings.</summary>
    public static IEnumerable<List<PlannedInspection>> Batches(List<PlannedInspection> inspections, int findingsPerSave)
    {
        var batch = new List<PlannedInspection>();
        foreach (var inspection in inspections)
        {
            batch.Add(inspection);
            if (batch.Sum(b => b.Failures.Count) >= findingsPerSave)
            {
                yield return batch;
                batch = [];
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
