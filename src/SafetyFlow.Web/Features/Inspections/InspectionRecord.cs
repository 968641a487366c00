using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Workflows;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Inspections;

/// <summary>The record of submitted inspection <paramref name="Id"/>, its texts in <paramref name="Language"/> (<c>zh-CN</c> or <c>en</c>).</summary>
public sealed record InspectionRecordRequest(Guid Id, string Language, Viewer Viewer);

internal sealed class InspectionRecordRequestValidator : AbstractValidator<InspectionRecordRequest>
{
    public InspectionRecordRequestValidator()
    {
        RuleFor(r => r.Id).NotEmpty().OverridePropertyName("id");
        RuleFor(r => r.Language).Must(l => l is "zh-CN" or "en").WithMessage("Use zh-CN or en.").OverridePropertyName("language");
    }
}

/// <summary>A person as a record names them: the name people know, and the user name that tells two of them apart.</summary>
public sealed record RecordPerson(string UserName, string DisplayName);

/// <summary>
/// One answer: the item's text in the reader's language, <paramref name="Outcome"/> (<c>pass</c>, <c>fail</c>, <c>na</c>),
/// a reading's value and unit, the member's note, and the photos taken with it.
/// </summary>
public sealed record RecordAnswer(string ItemId, string Text, string Kind, string Outcome, decimal? Value, string? Unit, string? Note, IReadOnlyList<Guid> Photos)
{
    /// <summary>The reading as people write it, with its unit (<c>1.2 MPa</c>); null for a check.</summary>
    public string? Reading => Value is { } value ? $"{value.ToString("0.####", CultureInfo.InvariantCulture)} {Unit}".TrimEnd() : null;
}

/// <summary>An asset of the inspection with its answers, in the checklist's order.</summary>
public sealed record RecordAsset(string Asset, string AssetName, IReadOnlyList<RecordAnswer> Answers);

/// <summary>A finding the inspection raised, as it stands now: <paramref name="StateTitle"/> in the reader's language.</summary>
public sealed record RecordFinding(
    Guid Id, string Asset, string AssetName, string ItemId, string Item, string Severity, string State, string StateTitle, RecordPerson Owner, DateTimeOffset DueAt, DateTimeOffset? ClosedAt);

/// <summary>
/// What was done in one inspection: who did it and when, whether on site (a scan of the zone sign before submitting) and
/// early or late against the visit window, every answer with its photos, and the findings it raised.
/// </summary>
public sealed record InspectionRecord(
    Guid Id,
    string WorkflowId,
    string Title,
    string Zone,
    string ZoneName,
    string UnitName,
    string Week,
    RecordPerson Inspector,
    DateTimeOffset SubmittedAt,
    VisitWindow VisitWindow,
    InspectionVisit Visit,
    IReadOnlyList<RecordAsset> Assets,
    IReadOnlyList<RecordFinding> Findings)
{
    public int AnswerCount => Assets.Sum(a => a.Answers.Count);

    public int PhotoCount => Assets.Sum(a => a.Answers.Sum(r => r.Photos.Count));

    public int CountOf(string outcome) => Assets.Sum(a => a.Answers.Count(r => r.Outcome == outcome));
}

/// <summary>
/// The record of a submitted inspection, for its member, the supervisors over its zone, the safety office and admins
/// (<see cref="Scope"/>); anyone else, and an inspection not submitted yet, is answered not found. Read in a fixed number
/// of queries, however many answers and photos it has.
/// </summary>
public sealed class ReadInspectionRecord(
    IValidator<InspectionRecordRequest> validator, SafetyFlowDbContext db, WorkflowRegistry workflows, TimeProvider clock)
{
    public async Task<Result<InspectionRecord>> HandleAsync(InspectionRecordRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var head = await db.Inspections.AsNoTracking()
            .VisibleTo(request.Viewer)
            .Where(i => i.Id == request.Id && i.SubmittedAt != null)
            .Select(i => new { Inspection = i, ZoneKey = i.Zone!.Key, ZoneName = i.Zone.Name, UnitName = i.Zone.Unit!.Name })
            .SingleOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            return new Failure.NotFound();
        }

        var inspection = head.Inspection;
        var language = request.Language;
        var inspector = await db.Users.AsNoTracking()
            .Where(u => u.Id == inspection.SubmittedById)
            .Select(u => new RecordPerson(u.UserName ?? "", u.DisplayName))
            .SingleOrDefaultAsync(cancellationToken);
        var assets = await db.Inspections.AsNoTracking()
            .Where(i => i.Id == inspection.Id)
            .SelectMany(i => i.Targets)
            .Select(t => new { t.AssetId, t.Asset!.Key, t.Asset.Name })
            .ToListAsync(cancellationToken);
        var results = await db.InspectionResults.AsNoTracking().Where(r => r.InspectionId == inspection.Id).ToListAsync(cancellationToken);
        var photos = (await db.Photos.AsNoTracking()
                .Where(p => p.InspectionId == inspection.Id && p.Purpose == PhotoPurpose.Defect)
                .Select(p => new { p.Id, p.AssetId, p.ItemId, p.UploadedAt })
                .ToListAsync(cancellationToken))
            .OrderBy(p => p.UploadedAt)
            .ThenBy(p => p.Id)
            .ToLookup(p => (p.AssetId ?? Guid.Empty, p.ItemId ?? ""), p => p.Id);
        var findings = await db.Findings.AsNoTracking()
            .Where(f => f.InspectionId == inspection.Id)
            .OrderBy(f => f.RaisedAt)
            .ThenBy(f => f.Id)
            .Select(f => new
            {
                f.Id,
                AssetKey = f.Asset!.Key,
                AssetName = f.Asset.Name,
                f.WorkflowId,
                f.ItemId,
                f.Severity,
                f.State,
                OwnerUserName = f.Owner!.UserName,
                OwnerName = f.Owner.DisplayName,
                f.DueAt,
                f.ClosedAt,
            })
            .ToListAsync(cancellationToken);

        var definition = workflows.InspectionFor(inspection.WorkflowHash);
        var order = definition.Items.Select((item, index) => (item.ItemId, index)).ToDictionary(p => p.ItemId, p => p.index, StringComparer.Ordinal);
        var byAsset = results.ToLookup(r => r.AssetId);
        var states = workflows.CurrentLifecycle.Definition.States;
        return new InspectionRecord(
            inspection.Id,
            inspection.WorkflowId,
            definition.Title.For(language),
            head.ZoneKey,
            head.ZoneName,
            head.UnitName,
            inspection.Week,
            inspector ?? new RecordPerson("", ""),
            inspection.SubmittedAt!.Value,
            new VisitWindow(inspection.VisitWindowStart, inspection.VisitWindowEnd),
            InspectionVisit.Of(inspection, clock.GetUtcNow()),
            [.. assets.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new RecordAsset(
                a.Key,
                a.Name,
                [.. byAsset[a.AssetId]
                    .OrderBy(r => order.GetValueOrDefault(r.ItemId, int.MaxValue))
                    .ThenBy(r => r.ItemId, StringComparer.Ordinal)
                    .Select(r =>
                    {
                        var item = definition.FindItem(r.ItemId);
                        return new RecordAnswer(
                            r.ItemId,
                            item?.Text.For(language) ?? r.ItemId,
                            WorkflowViews.Camel((item?.Kind ?? ItemKind.Check).ToString()),
                            InspectionText.Outcome(r.Outcome),
                            r.Value,
                            item?.Unit,
                            r.Note,
                            [.. photos[(a.AssetId, r.ItemId)]]);
                    })]))],
            [.. findings.Select(f => new RecordFinding(
                f.Id,
                f.AssetKey,
                f.AssetName,
                f.ItemId,
                definition.FindItem(f.ItemId)?.Text.For(language) ?? f.ItemId,
                WorkflowViews.Camel(f.Severity.ToString()),
                f.State,
                states.FirstOrDefault(s => s.Name == f.State)?.Title.For(language) ?? f.State,
                new RecordPerson(f.OwnerUserName ?? "", f.OwnerName),
                f.DueAt,
                f.ClosedAt))]);
    }
}

/// <summary>The endpoints over <see cref="ReadInspectionRecord"/> and <see cref="PrintInspectionRecord"/>.</summary>
internal static class InspectionRecordEndpoint
{
    public static async Task<Results<Ok<InspectionRecord>, FailureHttpResult>> Get(
        Guid id, HttpContext context, ViewerFactory viewers, ReadInspectionRecord records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var result = await records.HandleAsync(new InspectionRecordRequest(id, WebApp.Language(context), viewer), cancellationToken);
        return result.ToHttp(record => TypedResults.Ok(record));
    }

    /// <summary>The PDF in the language of the request's <c>Accept-Language</c>, else the caller's saved language.</summary>
    public static async Task<Results<FileContentHttpResult, FailureHttpResult>> Pdf(
        Guid id, HttpContext context, ViewerFactory viewers, PrintInspectionRecord print, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var language = Reports.ReportLanguage.OfBrowser(context);
        var result = await print.HandleAsync(new PrintInspectionRecordRequest(id, language, viewer), cancellationToken);
        return result.ToHttp(file => TypedResults.File(file.Content, file.ContentType, file.FileName));
    }
}
