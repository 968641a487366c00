using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Workflows;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>
/// A finding as the API shows it. <paramref name="Asset"/> is null for a finding on an item asked once per zone visit,
/// and <paramref name="AssetName"/> then names the zone.
/// </summary>
public sealed record FindingView(
    Guid Id,
    Guid? InspectionId,
    string Zone,
    string ZoneName,
    string? Asset,
    string AssetName,
    string ItemId,
    string ItemText,
    string Category,
    string Severity,
    string State,
    string Owner,
    string RaisedBy,
    DateTimeOffset RaisedAt,
    DateTimeOffset DueAt,
    bool Overdue,
    int EscalationLevel,
    bool Supervised,
    int Rejections,
    bool FixedOnSpot,
    decimal? Value,
    string? Note,
    string? FixNote,
    DateTimeOffset? FixSubmittedAt,
    DateTimeOffset? ClosedAt,
    FiveFixesView? FiveFixes,
    int ExtensionRequests,
    ExtensionRequestView? PendingExtension,
    DateTimeOffset? NextStepAt,
    int WorkflowVersion,
    bool IsRepeat,
    Guid? RepeatOf,
    IReadOnlyList<string> AllowedActions,
    IReadOnlyList<HistoryEntry> History)
{
    /// <summary>The owner as people read them: the display name, with the user name where two share it.</summary>
    public string OwnerName { get; init; } = Owner;

    /// <summary>Who raised it, named as <see cref="OwnerName"/> is.</summary>
    public string RaisedByName { get; init; } = RaisedBy;

    /// <summary>The state's title in the request's language, from the lifecycle definition.</summary>
    public string StateTitle { get; init; } = State;

    /// <summary>The category (asset type) in the request's language.</summary>
    public string CategoryTitle { get; init; } = Category;

    /// <summary>The unit of <see cref="Value"/> (<c>°C</c>, <c>MPa</c>) for a finding raised by a reading.</summary>
    public string? Unit { get; init; }

    /// <summary>The limits the reading broke, in the request's language ("at most 60 °C"); null for a check.</summary>
    public string? Limits { get; init; }
}

public sealed record FiveFixesView(string Measures, string Funds, string ResponsiblePerson, DateTimeOffset Deadline, string ContingencyPlan, DateTimeOffset RecordedAt);

public sealed record ExtensionRequestView(DateTimeOffset DueAt, string Reason, DateTimeOffset RequestedAt);

/// <summary>One history record; <paramref name="Actor"/> is the user name as recorded, <paramref name="ActorName"/> the name people read.</summary>
public sealed record HistoryEntry(DateTimeOffset At, string Actor, string Action, string From, string To, string? Note, string ActorName);

/// <summary>Reads findings as the caller may see them and shapes them for the API.</summary>
public sealed class FindingReader(SafetyFlowDbContext db, WorkflowRegistry workflows, TimeProvider clock)
{
    /// <summary>The findings a viewer may see, as <see cref="Scope"/> decides.</summary>
    public IQueryable<Finding> Visible(Viewer viewer) => db.Findings.AsNoTracking().VisibleTo(viewer, db.Zones);

    /// <summary>The findings of the given ids, which a query of visible findings chose (a page of them, say).</summary>
    public IQueryable<Finding> Chosen(IQueryable<Guid> ids) => db.Findings.AsNoTracking().Where(f => ids.Contains(f.Id));

    /// <summary>Unit keys by id, for grouping.</summary>
    public async Task<Dictionary<Guid, string>> UnitKeysAsync(CancellationToken cancellationToken) =>
        await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Key, cancellationToken);

    public async Task<IReadOnlyList<FindingView>> ShapeAsync(IQueryable<Finding> query, Viewer viewer, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var rows = await query
            .Select(f => new
            {
                Finding = f,
                ZoneKey = f.Zone!.Key,
                ZoneName = f.Zone.Name,
                ZoneUnit = f.Zone.UnitId,
                AssetKey = f.AssetId == null ? null : f.Asset!.Key,
                AssetName = f.AssetId == null ? null : f.Asset!.Name,
                Owner = f.Owner!.UserName,
                RaisedBy = f.RaisedBy!.UserName,
            })
            .ToListAsync(cancellationToken);

        var ids = rows.Select(r => r.Finding.Id).ToList();
        var history = (await db.FindingTransitions.AsNoTracking()
                .Where(t => ids.Contains(t.FindingId))
                .OrderBy(t => t.Id)
                .ToListAsync(cancellationToken))
            .ToLookup(t => t.FindingId);

        // Every person the page names, in one query: owners, raisers and everyone in the histories.
        var names = await PeopleNames.ForAsync(
            db,
            rows.SelectMany(r => new[] { r.Finding.OwnerId, r.Finding.RaisedById })
                .Concat(history.SelectMany(h => h).Select(t => t.ActorId).OfType<Guid>()),
            cancellationToken);
        var system = Ui.Text("people.system", language);
        var now = clock.GetUtcNow();
        return [.. rows.Select(r =>
        {
            var f = r.Finding;
            var lifecycle = workflows.LifecycleFor(f.LifecycleHash);
            var item = (workflows.Current.Find(f.WorkflowId) as InspectionWorkflow)?.FindItem(f.ItemId);
            var actor = viewer.ActorOn(f, r.ZoneUnit);
            return new FindingView(
                f.Id,
                f.InspectionId,
                r.ZoneKey,
                r.ZoneName,
                r.AssetKey,
                r.AssetName ?? r.ZoneName,
                f.ItemId,
                item?.Text.For(language) ?? f.ItemId,
                f.Category,
                WorkflowViews.Camel(f.Severity.ToString()),
                f.State,
                r.Owner!,
                r.RaisedBy!,
                f.RaisedAt,
                f.DueAt,
                f.IsOverdueAt(now),
                f.EscalationLevel,
                f.Supervised,
                f.Rejections,
                f.FixedOnSpot,
                f.Value,
                f.Note,
                f.FixNote,
                f.FixSubmittedAt,
                f.ClosedAt,
                f.FiveFixes is { } plan ? new FiveFixesView(plan.Measures, plan.Funds, plan.ResponsiblePerson, plan.Deadline, plan.ContingencyPlan, plan.RecordedAt) : null,
                f.ExtensionRequests,
                f.PendingExtension is { } ext ? new ExtensionRequestView(ext.DueAt, ext.Reason, ext.RequestedAt) : null,
                f.NextStepAt,
                workflows.VersionOf(lifecycle.Definition),
                f.IsRepeat,
                f.RepeatOfId,
                f.MayComment(actor) ? [.. lifecycle.PermittedTriggers(f, actor), Finding.CommentAction] : lifecycle.PermittedTriggers(f, actor),
                [.. history[f.Id].Select(t => new HistoryEntry(
                    t.At, t.ActorName, t.Action, t.From, t.To, t.Note, t.ActorId is null ? system : names.Of(t.ActorId, t.ActorName)))])
            {
                OwnerName = names.Of(f.OwnerId, r.Owner),
                RaisedByName = names.Of(f.RaisedById, r.RaisedBy),
                StateTitle = lifecycle.Definition.States.FirstOrDefault(s => s.Name == f.State)?.Title.For(language) ?? f.State,
                CategoryTitle = Ui.Category(f.Category, language),
                Unit = f.Value is null ? null : item?.Unit,
                Limits = f.Value is null || item is null ? null : Ui.LimitsIn(item.Min, item.Max, item.Unit, language),
            };
        })];
    }
}
