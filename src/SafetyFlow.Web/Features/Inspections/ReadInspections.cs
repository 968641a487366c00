using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Workflows;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Inspections;

internal static class ReadInspections
{
    public static async Task<Results<Ok<InspectionSummary[]>, ValidationProblem>> List(
        bool? mine,
        string? status,
        string? week,
        HttpContext context,
        SafetyFlowDbContext db,
        ViewerFactory viewers,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (status is not null and not ("due" or "overdue" or "submitted"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Use due, overdue or submitted."] });
        }

        if (week is not null && !WorkCalendar.IsWeek(week))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["week"] = [WorkCalendar.WeekHint] });
        }

        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var now = clock.GetUtcNow();
        var query = Visible(db.Inspections.AsNoTracking(), viewer, mine == true);
        if (week is not null)
        {
            query = query.Where(i => i.Week == week);
        }

        query = status switch
        {
            "due" => query.Where(i => i.SubmittedAt == null && i.DueAt >= now),
            "overdue" => query.Where(i => i.SubmittedAt == null && i.DueAt < now),
            "submitted" => query.Where(i => i.SubmittedAt != null),
            _ => query,
        };

        var rows = await query
            .OrderBy(i => i.DueAt)
            .ThenBy(i => i.VisitWindowStart)
            .Select(i => new { Inspection = i, ZoneKey = i.Zone!.Key, ZoneName = i.Zone.Name, i.Zone.MemberId, i.Zone.UnitId })
            .ToListAsync(cancellationToken);

        return TypedResults.Ok(rows
            .Select(r => new InspectionSummary(
                r.Inspection.Id,
                r.Inspection.WorkflowId,
                r.ZoneKey,
                r.ZoneName,
                r.Inspection.Week,
                r.Inspection.DueAt,
                InspectionText.Status(r.Inspection.StatusAt(now)),
                MaySeeVisitWindow(viewer, r.MemberId, r.UnitId) ? new VisitWindow(r.Inspection.VisitWindowStart, r.Inspection.VisitWindowEnd) : null))
            .ToArray());
    }

    public static async Task<Results<Ok<InspectionDetail>, NotFound, ForbidHttpResult>> Get(
        Guid id,
        HttpContext context,
        SafetyFlowDbContext db,
        ViewerFactory viewers,
        WorkflowRegistry workflows,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var inspection = await db.Inspections.AsNoTracking()
            .Include(i => i.Zone!).ThenInclude(z => z.Member)
            .Include(i => i.Targets).ThenInclude(t => t.Asset)
            .Include(i => i.Results)
            .AsSplitQuery()
            .SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (inspection is null)
        {
            return TypedResults.NotFound();
        }

        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        if (!MaySeeVisitWindow(viewer, inspection.Zone!.MemberId, inspection.Zone.UnitId))
        {
            return TypedResults.Forbid();
        }

        var language = WorkflowViews.Language(context);
        var definition = workflows.InspectionFor(inspection.WorkflowHash);
        var assetKeys = inspection.Targets.ToDictionary(t => t.AssetId, t => t.Asset!.Key);
        var items = definition.Items.Select(i => WorkflowViews.Item(i, language)).ToList();
        return TypedResults.Ok(new InspectionDetail(
            inspection.Id,
            inspection.WorkflowId,
            definition.Title.For(language),
            inspection.Zone.Key,
            inspection.Zone.Name,
            inspection.Zone.Member!.UserName!,
            inspection.Week,
            inspection.DueAt,
            InspectionText.Status(inspection.StatusAt(clock.GetUtcNow())),
            new VisitWindow(inspection.VisitWindowStart, inspection.VisitWindowEnd),
            inspection.SubmittedAt,
            [.. inspection.Targets.OrderBy(t => t.Asset!.Key, StringComparer.Ordinal).Select(t => new InspectionTargetView(t.Asset!.Key, t.Asset.Name, items))],
            [.. inspection.Results.Select(r => new InspectionResultView(assetKeys[r.AssetId], r.ItemId, InspectionText.Outcome(r.Outcome), r.Value, r.Note))]));
    }

    /// <summary>The member's own zones' inspections, or every one the viewer may see, as <see cref="Scope"/> decides.</summary>
    internal static IQueryable<Inspection> Visible(IQueryable<Inspection> query, Viewer viewer, bool mineOnly) =>
        mineOnly ? query.Where(i => i.Zone!.MemberId == viewer.UserId) : query.VisibleTo(viewer);

    /// <summary>The visit window is for the member and those above, never for the people whose work is checked.</summary>
    private static bool MaySeeVisitWindow(Viewer viewer, Guid memberId, Guid unitId) =>
        viewer.UserId == memberId || viewer.SeesEverything || viewer.Supervises(unitId);
}
