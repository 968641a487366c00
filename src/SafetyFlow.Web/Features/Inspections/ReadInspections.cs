using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Workflows;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Features.Inspections;

/// <summary>
/// The list question: inspections the viewer may see (<paramref name="Mine"/>: only their own zones'), by status and ISO week;
/// <paramref name="MissedSince"/>: only those not submitted whose visit window has passed, due at or after it.
/// </summary>
public sealed record ListInspectionsRequest(bool? Mine, string? Status, string? Week, Viewer Viewer, DateTimeOffset? MissedSince = null);

internal sealed class ListInspectionsRequestValidator : AbstractValidator<ListInspectionsRequest>
{
    public static readonly IReadOnlyList<string> Statuses = ["due", "overdue", "submitted"];

    public ListInspectionsRequestValidator()
    {
        RuleFor(r => r.Status)
            .Must(s => s is null || Statuses.Contains(s))
            .WithMessage("Use due, overdue or submitted.")
            .OverridePropertyName("status");
        RuleFor(r => r.Week)
            .Must(w => w is null || WorkCalendar.IsWeek(w))
            .WithMessage(WorkCalendar.WeekHint)
            .OverridePropertyName("week");
    }
}

/// <summary>Inspections the viewer may see, by due time, with the visit window for those allowed to know it.</summary>
public sealed class ListInspections(IValidator<ListInspectionsRequest> validator, SafetyFlowDbContext db, TimeProvider clock)
{
    public async Task<Result<InspectionSummary[]>> HandleAsync(ListInspectionsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var viewer = request.Viewer;
        var now = clock.GetUtcNow();
        var query = ReadInspections.Visible(db.Inspections.AsNoTracking(), viewer, request.Mine == true);
        if (request.Week is { } week)
        {
            query = query.Where(i => i.Week == week);
        }

        query = request.Status switch
        {
            "due" => query.Where(i => i.SubmittedAt == null && i.DueAt >= now),
            "overdue" => query.Where(i => i.SubmittedAt == null && i.DueAt < now),
            "submitted" => query.Where(i => i.SubmittedAt != null),
            _ => query,
        };

        if (request.MissedSince is { } since)
        {
            query = query.Where(i => i.SubmittedAt == null && i.VisitWindowEnd < now && i.DueAt >= since);
        }

        var rows = await query
            .OrderBy(i => i.DueAt)
            .ThenBy(i => i.VisitWindowStart)
            .Select(i => new { Inspection = i, ZoneKey = i.Zone!.Key, ZoneName = i.Zone.Name, i.Zone.MemberId, i.Zone.UnitId })
            .ToListAsync(cancellationToken);

        return rows
            .Select(r => new InspectionSummary(
                r.Inspection.Id,
                r.Inspection.WorkflowId,
                r.ZoneKey,
                r.ZoneName,
                r.Inspection.Week,
                r.Inspection.DueAt,
                InspectionText.Status(r.Inspection.StatusAt(now)),
                ReadInspections.MaySeeVisitWindow(viewer, r.MemberId, r.UnitId) ? new VisitWindow(r.Inspection.VisitWindowStart, r.Inspection.VisitWindowEnd) : null,
                ReadInspections.MaySeeVisitWindow(viewer, r.MemberId, r.UnitId) ? InspectionVisit.Of(r.Inspection, now) : null))
            .ToArray();
    }
}

/// <summary>One inspection, in <paramref name="Language"/> (<c>zh-CN</c> or <c>en</c>), as the viewer may see it.</summary>
public sealed record GetInspectionRequest(Guid Id, string Language, Viewer Viewer);

/// <summary>
/// One inspection with its checklist and its answers: first the items asked once per zone visit (a target whose asset is
/// null), then each asset with the items that apply to it. An inspection the viewer may not see is not found.
/// </summary>
public sealed class GetInspection(SafetyFlowDbContext db, WorkflowRegistry workflows, TimeProvider clock)
{
    public async Task<Result<InspectionDetail>> HandleAsync(GetInspectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var inspection = await db.Inspections.AsNoTracking()
            .VisibleTo(request.Viewer)
            .Include(i => i.Zone!).ThenInclude(z => z.Member)
            .Include(i => i.Targets).ThenInclude(t => t.Asset)
            .Include(i => i.Results)
            .AsSplitQuery()
            .SingleOrDefaultAsync(i => i.Id == request.Id, cancellationToken);
        if (inspection is null)
        {
            return new Failure.NotFound();
        }

        var language = request.Language;
        var definition = workflows.InspectionFor(inspection.WorkflowHash);
        var assetKeys = inspection.Targets.ToDictionary(t => t.AssetId, t => t.Asset!.Key);
        var targets = ChecklistAnswers.Pairs(inspection, definition)
            .GroupBy(pair => pair.Asset)
            .Select(group => new InspectionTargetView(
                group.Key?.Key,
                group.Key?.Name ?? inspection.Zone!.Name,
                [.. group.Select(pair => WorkflowViews.Item(pair.Item, language))]))
            .ToList();
        return new InspectionDetail(
            inspection.Id,
            inspection.WorkflowId,
            definition.Title.For(language),
            inspection.Zone!.Key,
            inspection.Zone.Name,
            inspection.Zone.Member!.UserName!,
            inspection.Week,
            inspection.DueAt,
            InspectionText.Status(inspection.StatusAt(clock.GetUtcNow())),
            new VisitWindow(inspection.VisitWindowStart, inspection.VisitWindowEnd),
            inspection.SubmittedAt,
            targets,
            [.. inspection.Results.Select(r => new InspectionResultView(
                r.AssetId is { } assetId ? assetKeys[assetId] : null, r.ItemId, InspectionText.Outcome(r.Outcome), r.Value, r.Note))],
            InspectionVisit.Of(inspection, clock.GetUtcNow()),
            inspection.CompletedAt);
    }
}

/// <summary>Who sees which inspections, for the readers above and the photos of an inspection's answers.</summary>
internal static class ReadInspections
{
    /// <summary>The member's own zones' inspections, or every one the viewer may see, as <see cref="Scope"/> decides.</summary>
    internal static IQueryable<Inspection> Visible(IQueryable<Inspection> query, Viewer viewer, bool mineOnly) =>
        mineOnly ? query.Where(i => i.Zone!.MemberId == viewer.UserId) : query.VisibleTo(viewer);

    /// <summary>The visit window is for the member and those above, never for the people whose work is checked.</summary>
    internal static bool MaySeeVisitWindow(Viewer viewer, Guid memberId, Guid unitId) =>
        viewer.UserId == memberId || viewer.SeesEverything || viewer.Supervises(unitId);
}

/// <summary>The endpoints over <see cref="ListInspections"/> and <see cref="GetInspection"/>.</summary>
internal static class ReadInspectionsEndpoint
{
    public static async Task<Results<Ok<InspectionSummary[]>, FailureHttpResult>> List(
        bool? mine, string? status, string? week, ClaimsPrincipal user, ViewerFactory viewers, ListInspections inspections, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(user, cancellationToken);
        var result = await inspections.HandleAsync(new ListInspectionsRequest(mine, status, week, viewer), cancellationToken);
        return result.ToHttp(list => TypedResults.Ok(list));
    }

    public static async Task<Results<Ok<InspectionDetail>, FailureHttpResult>> Get(
        Guid id, HttpContext context, ViewerFactory viewers, GetInspection inspection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var result = await inspection.HandleAsync(new GetInspectionRequest(id, WebApp.Language(context), viewer), cancellationToken);
        return result.ToHttp(detail => TypedResults.Ok(detail));
    }
}
