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

/// <summary>Page <paramref name="Page"/> (from 1) of the viewer's own past inspections, <paramref name="PageSize"/> to a page (1 to 100, 20 by default).</summary>
public sealed record InspectionHistoryRequest(int? Page, int? PageSize, string Language, Viewer Viewer);

internal sealed class InspectionHistoryRequestValidator : AbstractValidator<InspectionHistoryRequest>
{
    public const int MaxPage = 100_000;

    public InspectionHistoryRequestValidator()
    {
        RuleFor(r => r.Page).InclusiveBetween(1, MaxPage).WithMessage($"Use a page from 1 to {MaxPage}.").OverridePropertyName("page");
        RuleFor(r => r.PageSize).InclusiveBetween(1, InspectionHistory.MaxPageSize)
            .WithMessage($"Use a page size from 1 to {InspectionHistory.MaxPageSize}.").OverridePropertyName("pageSize");
        RuleFor(r => r.Language).Must(l => l is "zh-CN" or "en").WithMessage("Use zh-CN or en.").OverridePropertyName("language");
    }
}

/// <summary>A finding the member raised in the inspection, as it stands now.</summary>
public sealed record RaisedFinding(Guid Id, string Item, string Severity, string State, string StateTitle);

/// <summary>One past inspection: what, where and when, whether on site and on time, its answers, failures and photos, and the findings it raised.</summary>
public sealed record PastInspection(
    Guid Id,
    string WorkflowId,
    string Title,
    string Zone,
    string ZoneName,
    string Week,
    DateTimeOffset SubmittedAt,
    string? Timing,
    bool OnSite,
    int Answers,
    int Failed,
    int Photos,
    IReadOnlyList<RaisedFinding> Findings);

/// <summary>A page of past inspections, newest first; <paramref name="HasNext"/> when older ones follow.</summary>
public sealed record InspectionHistoryPage(IReadOnlyList<PastInspection> Inspections, int Page, int PageSize, bool HasNext);

/// <summary>
/// The inspections the viewer submitted, newest first, a page at a time, each with the findings they raised in it.
/// Three queries a page: the inspections with their counts, their photos counted, their findings.
/// </summary>
public sealed class InspectionHistory(IValidator<InspectionHistoryRequest> validator, SafetyFlowDbContext db, WorkflowRegistry workflows)
{
    public const int DefaultPageSize = 20;

    public const int MaxPageSize = 100;

    public async Task<Result<InspectionHistoryPage>> HandleAsync(InspectionHistoryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var me = request.Viewer.UserId;
        var page = request.Page ?? 1;
        var size = request.PageSize ?? DefaultPageSize;
        var rows = await db.Inspections.AsNoTracking()
            .Where(i => i.SubmittedById == me && i.SubmittedAt != null)
            .OrderByDescending(i => i.SubmittedAt)
            .ThenByDescending(i => i.Id)
            .Skip((page - 1) * size)
            .Take(size + 1)
            .Select(i => new
            {
                i.Id,
                i.WorkflowId,
                ZoneKey = i.Zone!.Key,
                ZoneName = i.Zone.Name,
                i.Week,
                i.SubmittedAt,
                i.Timing,
                i.ArrivedAt,
                Answers = db.InspectionResults.Count(r => r.InspectionId == i.Id),
                Failed = db.InspectionResults.Count(r => r.InspectionId == i.Id && r.Outcome == ItemOutcome.Fail),
            })
            .ToListAsync(cancellationToken);
        var shown = rows.Take(size).ToList();
        var ids = shown.Select(r => (Guid?)r.Id).ToList();
        var photos = await db.Photos.AsNoTracking()
            .Where(p => ids.Contains(p.InspectionId) && p.Purpose == PhotoPurpose.Defect)
            .GroupBy(p => p.InspectionId)
            .Select(g => new { Id = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Id!.Value, g => g.Count, cancellationToken);
        var findings = (await db.Findings.AsNoTracking()
                .Where(f => ids.Contains(f.InspectionId) && f.RaisedById == me)
                .Select(f => new { f.Id, f.InspectionId, f.WorkflowId, f.ItemId, f.Severity, f.State, f.RaisedAt })
                .ToListAsync(cancellationToken))
            .OrderBy(f => f.RaisedAt)
            .ThenBy(f => f.Id)
            .ToLookup(f => f.InspectionId!.Value);

        var language = request.Language;
        var states = workflows.CurrentLifecycle.Definition.States;
        return new InspectionHistoryPage(
            [.. shown.Select(r => new PastInspection(
                r.Id,
                r.WorkflowId,
                workflows.Current.Find(r.WorkflowId)?.Title.For(language) ?? r.WorkflowId,
                r.ZoneKey,
                r.ZoneName,
                r.Week,
                r.SubmittedAt!.Value,
                r.Timing is { } timing ? VisitWindows.Text(timing) : null,
                r.ArrivedAt is not null,
                r.Answers,
                r.Failed,
                photos.GetValueOrDefault(r.Id),
                [.. findings[r.Id].Select(f => new RaisedFinding(
                    f.Id,
                    Reports.FindingFacts.ItemText(workflows, f.WorkflowId, f.ItemId, language),
                    WorkflowViews.Camel(f.Severity.ToString()),
                    f.State,
                    states.FirstOrDefault(s => s.Name == f.State)?.Title.For(language) ?? f.State))]))],
            page,
            size,
            rows.Count > size);
    }
}

/// <summary>The endpoint over <see cref="InspectionHistory"/>.</summary>
internal static class InspectionHistoryEndpoint
{
    public static async Task<Results<Ok<InspectionHistoryPage>, FailureHttpResult>> Handle(
        int? page, int? pageSize, HttpContext context, ViewerFactory viewers, InspectionHistory history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var result = await history.HandleAsync(new InspectionHistoryRequest(page, pageSize, WebApp.Language(context), viewer), cancellationToken);
        return result.ToHttp(value => TypedResults.Ok(value));
    }
}
