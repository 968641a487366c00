using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Inspections;

/// <summary>
/// The body of <c>POST /api/inspections/{id}/submit</c>: every asset/item pair answered once, the items asked once per
/// zone visit with no asset; <paramref name="CompletedAt"/>, the phone's time when the member finished the checklist,
/// from a phone that kept it while offline (the visit is judged by it; it must lie within the last 14 days).
/// </summary>
public sealed record SubmitInspectionRequest(IReadOnlyList<ResultRow>? Results, DateTimeOffset? CompletedAt = null);

/// <summary>The answer to one checklist item for one asset, or for the zone.</summary>
/// <param name="Asset">The asset's key; null or left out for an item asked once per zone visit.</param>
/// <param name="ItemId">The checklist item.</param>
/// <param name="Outcome"><c>pass</c>, <c>fail</c> or <c>na</c>; for a reading, left out to follow from the value.</param>
/// <param name="Value">A reading's measured value, in the item's unit, as a JSON number (45.5, never the text "45,5").</param>
/// <param name="Note">What the member saw.</param>
/// <param name="FixedOnSpot">The member fixed a general defect on the spot; a supervisor still accepts it.</param>
public sealed record ResultRow(string? Asset, string? ItemId, string? Outcome, decimal? Value, string? Note, bool? FixedOnSpot);

public sealed record SubmitInspectionResponse(IReadOnlyList<Guid> Findings);

internal sealed class SubmitInspectionValidator : AbstractValidator<SubmitInspectionRequest>
{
    private const decimal MaxValue = 99_999_999_999_999.9999m;

    public SubmitInspectionValidator()
    {
        RuleFor(r => r.Results).NotEmpty();
        RuleForEach(r => r.Results).NotNull().WithMessage("An answer is a JSON object; null is not an answer.").ChildRules(row =>
        {
            row.RuleFor(r => r.Asset).MaximumLength(64);
            row.RuleFor(r => r.ItemId).NotEmpty().MaximumLength(64);
            // The column keeps 18 digits, 4 of them after the point.
            row.RuleFor(r => r.Value).InclusiveBetween(-MaxValue, MaxValue)
                .WithMessage("A reading is a JSON number from -99999999999999.9999 to 99999999999999.9999.");
            row.RuleFor(r => r.Outcome).Must(o => o is null or "pass" or "fail" or "na").WithMessage("Use pass, fail or na.");
            row.RuleFor(r => r.Note).MaximumLength(2000);
        });
    }
}

/// <summary>
/// What the zone's member hands in: the <paramref name="Answers"/> to inspection <paramref name="InspectionId"/>, the
/// photos of defects taken with them (already stored as files; their rows are written in the same transaction as the
/// answers), and the client's <paramref name="IdempotencyKey"/>, when it sent one, under which a repeat gets the first answer.
/// </summary>
public sealed record InspectionSubmission(
    Guid InspectionId, SubmitInspectionRequest Answers, Viewer Viewer, IReadOnlyList<DefectPhoto>? Photos = null, string? IdempotencyKey = null);

/// <summary>A stored photo of the defect at one answer: the asset (null for an item asked once per zone) and item it shows.</summary>
public sealed record DefectPhoto(string? Asset, string ItemId, StoredImage Image);

/// <summary>
/// The zone's member submits an inspection's checklist: every answer is checked against the checklist the inspection was
/// created from, and each failed item becomes a finding for the asset's owner (for an item asked once per zone, the
/// zone's owner: <see cref="ZoneItemOwner"/>), all in one transaction. An inspection the
/// member may not see is not found, whatever its state; one they see but is not theirs is forbidden; a second submit is a conflict.
/// </summary>
public sealed class SubmitInspection(
    IValidator<SubmitInspectionRequest> validator, SafetyFlowDbContext db, WorkflowRegistry workflows, SubmissionWriter writer, TimeProvider clock, VisitMarks visits)
{
    /// <summary>The tag on the read of the inspection a submit checks its answers against, as it shows in the SQL log.</summary>
    public const string ReadTag = "SubmitInspection: the inspection as read";

    private const string NothingStored = "The checklist answers are not valid; nothing was stored.";

    public async Task<Result<SubmitInspectionResponse>> HandleAsync(InspectionSubmission request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.IdempotencyKey;
        if (key is not null && SubmissionKeys.Refusal(key) is { } badKey)
        {
            return badKey;
        }

        if (await validator.RefusalAsync(request.Answers, cancellationToken) is { } refusal)
        {
            return refusal with { Title = NothingStored };
        }

        var viewer = request.Viewer;
        var requestHash = key is null ? "" : SubmissionKeys.RequestHash(request);
        if (key is not null && await SubmissionKeys.FirstAnswerAsync(db, viewer.UserId, key, requestHash, cancellationToken) is { } firstAnswer)
        {
            return firstAnswer;
        }

        var inspection = await db.Inspections
            .TagWith(ReadTag)
            .VisibleTo(viewer)
            .Include(i => i.Zone)
            .Include(i => i.Targets).ThenInclude(t => t.Asset)
            .AsSplitQuery()
            .SingleOrDefaultAsync(i => i.Id == request.InspectionId, cancellationToken);
        if (inspection is null)
        {
            return new Failure.NotFound();
        }

        if (inspection.Zone!.MemberId != viewer.UserId)
        {
            return new Failure.Forbidden("Only the zone's member submits its inspection.");
        }

        if (inspection.SubmittedAt is not null)
        {
            return AlreadySubmitted($"This inspection was submitted at {inspection.SubmittedAt:O}.");
        }

        var definition = workflows.InspectionFor(inspection.WorkflowHash);
        var lifecycle = workflows.CurrentLifecycle.Definition;
        var (answers, errors) = ChecklistAnswers.Check(request.Answers.Results!, inspection, definition, lifecycle);
        if (errors.Any)
        {
            return new Failure.Invalid(errors.ToDictionary().AsReadOnly(), NothingStored);
        }

        // What holds for this submission as a whole (when it was made, who raises its findings) is settled here, in the
        // request, before anything is handed to the writer.
        var now = clock.GetUtcNow();
        if (request.Answers.CompletedAt is { } completedAt
            && (!VisitWindows.IsPlausiblePhoneTime(completedAt, now) || completedAt < inspection.CreatedAt - VisitWindows.PhoneClockSkew))
        {
            return new Failure.Invalid(
                new Dictionary<string, string[]>
                {
                    ["completedAt"] = [$"The time the checklist was finished must lie between when the inspection was made ({inspection.CreatedAt:O}) or {VisitWindows.PhoneKeepsAtMost.TotalDays} days ago, whichever is later, and now; the phone's clock says {completedAt:O}."],
                }.AsReadOnly(),
                NothingStored);
        }

        var raiser = new FindingActor(viewer.UserId, viewer.UserName, viewer.Roles, SupervisesZone: false);
        inspection.Submit(viewer.UserId, answers.Select(a => a.Result), now, request.Answers.CompletedAt);
        await visits.MarkAsync(inspection, viewer.UserId, cancellationToken);
        AddPhotos(request.Photos ?? [], inspection, viewer, now);

        var failed = answers.Where(a => a.Result.Outcome == ItemOutcome.Fail).ToList();
        var earlier = await EarlierFindingsAsync(db, lifecycle.Repeats, inspection.ZoneId, definition.Id, failed, now, cancellationToken);
        var findings = new List<Finding>();
        var zoneOwner = ZoneItemOwner(inspection);
        foreach (var answer in failed)
        {
            var finding = Finding.Raise(
                new RaiseFindingCommand(
                    inspection.Id,
                    inspection.ZoneId,
                    inspection.Zone.UnitId,
                    answer.Asset?.Id,
                    definition.Id,
                    answer.Item.ItemId,
                    definition.AssetType,
                    answer.Item.Severity,
                    answer.Asset?.OwnerId ?? zoneOwner,
                    raiser,
                    answer.Result.Value,
                    answer.Result.Note,
                    answer.FixedOnSpot),
                lifecycle,
                now,
                RepeatOf(earlier, lifecycle.Repeats, answer));
            db.Findings.Add(finding);
            findings.Add(finding);
        }

        var response = new SubmitInspectionResponse([.. findings.Select(f => f.Id)]);
        if (key is not null)
        {
            db.IdempotencyRecords.Add(SubmissionKeys.Record(viewer.UserId, key, requestHash, response, now));
        }

        // The results, the photos, the findings and the key's first answer are saved together, with the notifications
        // and outbox rows that follow from raising each finding: by the one writer, in a savepoint of the transaction it
        // commits for every submission waiting, and answered once that is on disk (decision 020).
        try
        {
            await writer.SaveAsync(db, cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsConflict())
        {
            // Another submit of the same inspection (or with the same key) was saved between our read and our save.
            db.ChangeTracker.Clear();
            if (key is not null && await SubmissionKeys.FirstAnswerAsync(db, viewer.UserId, key, requestHash, CancellationToken.None) is { } winner)
            {
                return winner;
            }

            return AlreadySubmitted("This inspection was submitted by another request at the same time; nothing of this one was stored.");
        }

        return response;
    }

    private static Failure.Conflict AlreadySubmitted(string detail) => new("Already submitted", detail);

    /// <summary>
    /// Who receives the findings on items asked once per zone: the zone's owner; without one, the single owner of the
    /// inspection's assets. The org import asks for the zone's owner where they have several; should they come to have
    /// several since, the owner of the first asset by key receives them, so a failure never goes unowned.
    /// </summary>
    internal static Guid ZoneItemOwner(Inspection inspection) =>
        inspection.Zone!.OwnerId
        ?? inspection.Targets.Select(t => t.Asset!).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.OwnerId).FirstOrDefault();

    /// <summary>Each photo at the answer it shows; the answers have been checked, so its asset is one of the inspection's.</summary>
    private void AddPhotos(IReadOnlyList<DefectPhoto> photos, Inspection inspection, Viewer viewer, DateTimeOffset now)
    {
        var assets = inspection.Targets.ToDictionary(t => t.Asset!.Key, t => t.AssetId, StringComparer.Ordinal);
        foreach (var photo in photos)
        {
            if (string.IsNullOrEmpty(photo.Asset))
            {
                db.Photos.Add(Photo.OfDefect(inspection.Id, null, photo.ItemId, photo.Image, viewer.UserId, now));
            }
            else if (assets.TryGetValue(photo.Asset, out var assetId))
            {
                db.Photos.Add(Photo.OfDefect(inspection.Id, assetId, photo.ItemId, photo.Image, viewer.UserId, now));
            }
        }
    }

    private sealed record EarlierFinding(Guid Id, Guid? AssetId, string ItemId, DateTimeOffset RaisedAt);

    /// <summary>Findings of the same checklist raised in the zone within the repeat window, newest first.</summary>
    private static async Task<List<EarlierFinding>> EarlierFindingsAsync(
        SafetyFlowDbContext db, RepeatPolicy? repeats, Guid zoneId, string workflowId, List<ChecklistAnswer> failed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (repeats is null || failed.Count == 0)
        {
            return [];
        }

        var since = now - repeats.Window;
        var items = failed.Select(a => a.Item.ItemId).Distinct().ToList();
        var rows = await db.Findings.AsNoTracking()
            .Where(f => f.ZoneId == zoneId && f.WorkflowId == workflowId && f.RaisedAt >= since && items.Contains(f.ItemId))
            .Select(f => new EarlierFinding(f.Id, f.AssetId, f.ItemId, f.RaisedAt))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(f => f.RaisedAt)];
    }

    private static Guid? RepeatOf(List<EarlierFinding> earlier, RepeatPolicy? repeats, ChecklistAnswer answer) =>
        repeats is null
            ? null
            : earlier.FirstOrDefault(f => f.ItemId == answer.Item.ItemId && (repeats.Scope == RepeatScope.Zone || f.AssetId == answer.Asset?.Id))?.Id;

}

/// <summary>The endpoint over <see cref="SubmitInspection"/>.</summary>
internal static class SubmitInspectionEndpoint
{
    public static async Task<Results<Ok<SubmitInspectionResponse>, FailureHttpResult>> Handle(
        Guid id,
        SubmitInspectionRequest request,
        [FromHeader(Name = SubmissionKeys.Header)] string? idempotencyKey,
        ClaimsPrincipal user,
        ViewerFactory viewers,
        SubmitInspection submit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var viewer = await viewers.ForAsync(user, cancellationToken);
        var result = await submit.HandleAsync(new InspectionSubmission(id, request, viewer, IdempotencyKey: idempotencyKey), cancellationToken);
        return result.ToHttp(response => TypedResults.Ok(response));
    }
}
