using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Features.Org;

/// <summary>
/// The rule the org import checks, for a zone changed on its own: a zone without an owner must have one owner of its
/// assets of each type whose checklist asks items once per zone, who then receives those findings; with several, the
/// zone's owner must be named. The refusal is in the request's language (English from the API).
/// </summary>
internal static class ZoneOwnerRule
{
    /// <summary>An asset as it will be once the change is stored.</summary>
    public sealed record AssetAfter(Guid Id, Guid ZoneId, string Type, Guid OwnerId);

    /// <summary>
    /// Adds a refusal at <paramref name="field"/> when the zone, with <paramref name="zoneOwner"/> and the assets as they
    /// will be (<paramref name="changed"/> in place of its stored row), would leave a zone-item checklist without one owner;
    /// with <paramref name="onlyType"/>, only that type is checked (an asset edit answers for its own type only).
    /// </summary>
    public static async Task CheckAsync(
        SafetyFlowDbContext db,
        WorkflowRegistry workflows,
        Guid zoneId,
        string zoneKey,
        Guid? zoneOwner,
        AssetAfter? changed,
        string? onlyType,
        string field,
        ValidationErrors errors,
        CancellationToken cancellationToken)
    {
        if (zoneOwner is not null)
        {
            return;
        }

        var types = workflows.Current.Inspections.Where(w => w.ZoneItems.Any()).Select(w => w.AssetType)
            .Where(t => onlyType is null || t == onlyType).ToHashSet(StringComparer.Ordinal);
        if (types.Count == 0)
        {
            return;
        }

        var stored = await db.Assets.AsNoTracking().Where(a => a.ZoneId == zoneId && types.Contains(a.Type))
            .Select(a => new AssetAfter(a.Id, a.ZoneId, a.Type, a.OwnerId)).ToListAsync(cancellationToken);
        var after = stored.Where(a => a.Id != changed?.Id).ToList();
        if (changed is not null && changed.ZoneId == zoneId && types.Contains(changed.Type))
        {
            after.Add(changed);
        }

        foreach (var group in after.GroupBy(a => a.Type).Where(g => g.Select(a => a.OwnerId).Distinct().Count() > 1).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ids = group.Select(a => a.OwnerId).Distinct().ToList();
            var owners = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => u.UserName!).ToListAsync(cancellationToken);
            errors.Add(field, Refusal(zoneKey, group.Key, string.Join(", ", owners.Order(StringComparer.OrdinalIgnoreCase))));
        }
    }

    /// <summary>The refusal, in the request's language, for the org import as for a single edit.</summary>
    public static string Refusal(string zoneKey, string assetType, string owners) =>
        Ui.FormatIn("org.zoneOwnerNeeded", Ui.RequestLanguage, zoneKey, Ui.Category(assetType, Ui.RequestLanguage), owners);
}
