using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>One finding as the audit reports see it: names resolved, times as stored, the unit its zone is in now.</summary>
internal sealed record FindingFact(
    Guid Id,
    Guid ZoneId,
    string Zone,
    string ZoneName,
    Guid UnitId,
    string Unit,
    string Asset,
    string AssetName,
    string WorkflowId,
    string ItemId,
    string Category,
    Severity Severity,
    string State,
    string Owner,
    string OwnerName,
    string RaisedBy,
    DateTimeOffset RaisedAt,
    DateTimeOffset DueAt,
    string? Note,
    DateTimeOffset? FixSubmittedAt,
    string? FixNote,
    DateTimeOffset? ClosedAt,
    string? ClosedBy,
    int Rejections,
    int ExtensionRequests,
    int EscalationLevel,
    bool Supervised,
    Guid? RepeatOfId,
    FiveFixes? FiveFixes)
{
    public bool ClosedOnTime => ClosedAt is { } closed && closed <= DueAt;

    public bool IsOverdueAt(DateTimeOffset now) => ClosedAt is null && now > DueAt;

    /// <summary>Whether the finding was still open at <paramref name="at"/>.</summary>
    public bool IsOpenAt(DateTimeOffset at) => RaisedAt <= at && (ClosedAt is null || ClosedAt > at);
}

internal static class FindingFacts
{
    /// <summary>The facts of the given findings, oldest first.</summary>
    public static async Task<List<FindingFact>> LoadAsync(SafetyFlowDbContext db, IQueryable<Finding> findings, CancellationToken cancellationToken)
    {
        var rows = await findings
            .OrderBy(f => f.RaisedAt)
            .Select(f => new
            {
                Finding = f,
                ZoneKey = f.Zone!.Key,
                ZoneName = f.Zone.Name,

                // The unit the finding belongs to is its zone's now (decision 008, as Scope reads it).
                ZoneUnit = f.Zone.UnitId,
                // A finding on an item asked once per zone visit has no asset: the zone stands in its place.
                AssetKey = f.AssetId == null ? "" : f.Asset!.Key,
                AssetName = f.AssetId == null ? f.Zone.Name : f.Asset!.Name,
                Owner = f.Owner!.UserName,
                OwnerName = f.Owner.DisplayName,
                RaisedBy = f.RaisedBy!.UserName,
            })
            .ToListAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Key, cancellationToken);
        var closerIds = rows.Select(r => r.Finding.ClosedById).OfType<Guid>().Distinct().ToList();
        var closers = await db.Users.AsNoTracking().Where(u => closerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName ?? "", cancellationToken);
        return [.. rows.Select(r =>
        {
            var f = r.Finding;
            return new FindingFact(
                f.Id,
                f.ZoneId,
                r.ZoneKey,
                r.ZoneName,
                r.ZoneUnit,
                units.GetValueOrDefault(r.ZoneUnit, "?"),
                r.AssetKey,
                r.AssetName,
                f.WorkflowId,
                f.ItemId,
                f.Category,
                f.Severity,
                f.State,
                r.Owner ?? "",
                r.OwnerName,
                r.RaisedBy ?? "",
                f.RaisedAt,
                f.DueAt,
                f.Note,
                f.FixSubmittedAt,
                f.FixNote,
                f.ClosedAt,
                f.ClosedById is { } closer ? closers.GetValueOrDefault(closer) : null,
                f.Rejections,
                f.ExtensionRequests,
                f.EscalationLevel,
                f.Supervised,
                f.RepeatOfId,
                f.FiveFixes);
        })];
    }

    /// <summary>The checklist item's text in the language, or its id when the checklist no longer has it.</summary>
    public static string ItemText(WorkflowRegistry workflows, FindingFact fact, string language) =>
        ItemText(workflows, fact.WorkflowId, fact.ItemId, language);

    /// <summary>The checklist item's text in the language, or its id when the checklist no longer has it.</summary>
    public static string ItemText(WorkflowRegistry workflows, string workflowId, string itemId, string language) =>
        (workflows.Current.Find(workflowId) as InspectionWorkflow)?.FindItem(itemId)?.Text.For(language) ?? itemId;
}
