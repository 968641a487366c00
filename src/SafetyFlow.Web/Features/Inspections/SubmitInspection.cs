using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Inspections;

public sealed record SubmitInspectionRequest(IReadOnlyList<ResultRow>? Results);

/// <summary>The answer to one checklist item for one asset.</summary>
/// <param name="Asset">The asset's key.</param>
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
            row.RuleFor(r => r.Asset).NotEmpty().MaximumLength(64);
            row.RuleFor(r => r.ItemId).NotEmpty().MaximumLength(64);
            // The column keeps 18 digits, 4 of them after the point.
            row.RuleFor(r => r.Value).InclusiveBetween(-MaxValue, MaxValue)
                .WithMessage("A reading is a JSON number from -99999999999999.9999 to 99999999999999.9999.");
            row.RuleFor(r => r.Outcome).Must(o => o is null or "pass" or "fail" or "na").WithMessage("Use pass, fail or na.");
            row.RuleFor(r => r.Note).MaximumLength(2000);
        });
    }
}

internal static class SubmitInspection
{
    public static async Task<Results<Ok<SubmitInspectionResponse>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> Handle(
        Guid id,
        SubmitInspectionRequest request,
        HttpContext context,
        SafetyFlowDbContext db,
        ViewerFactory viewers,
        WorkflowRegistry workflows,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var inspection = await db.Inspections
            .Include(i => i.Zone)
            .Include(i => i.Targets).ThenInclude(t => t.Asset)
            .AsSplitQuery()
            .SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (inspection is null)
        {
            return TypedResults.NotFound();
        }

        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        if (inspection.Zone!.MemberId != viewer.UserId)
        {
            return TypedResults.Forbid();
        }

        if (inspection.SubmittedAt is not null)
        {
            return AlreadySubmitted($"This inspection was submitted at {inspection.SubmittedAt:O}.");
        }

        var definition = workflows.InspectionFor(inspection.WorkflowHash);
        var lifecycle = workflows.CurrentLifecycle.Definition;
        var (answers, errors) = Check(request.Results!, inspection, definition, lifecycle);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The checklist answers are not valid; nothing was stored.");
        }

        var now = clock.GetUtcNow();
        var raiser = new FindingActor(viewer.UserId, viewer.UserName, viewer.Roles, SupervisesZone: false);
        inspection.Submit(viewer.UserId, answers.Select(a => a.Result), now);

        var failed = answers.Where(a => a.Result.Outcome == ItemOutcome.Fail).ToList();
        var earlier = await EarlierFindingsAsync(db, lifecycle.Repeats, inspection.ZoneId, definition.Id, failed, now, cancellationToken);
        var findings = new List<Finding>();
        foreach (var answer in failed)
        {
            var finding = Finding.Raise(
                new RaiseFindingCommand(
                    inspection.Id,
                    inspection.ZoneId,
                    inspection.Zone.UnitId,
                    answer.Asset.Id,
                    definition.Id,
                    answer.Item.ItemId,
                    answer.Asset.Type,
                    answer.Item.Severity,
                    answer.Asset.OwnerId,
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

        // The results and the findings are saved together, in one transaction, with the notifications and outbox rows
        // that follow from raising each finding.
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsConflict())
        {
            // Another submit of the same inspection was saved between our read and our save.
            return AlreadySubmitted("This inspection was submitted by another request at the same time; nothing of this one was stored.");
        }

        return TypedResults.Ok(new SubmitInspectionResponse([.. findings.Select(f => f.Id)]));
    }

    private static ProblemHttpResult AlreadySubmitted(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already submitted", detail: detail);

    private sealed record Answer(Asset Asset, ChecklistItem Item, InspectionResult Result, bool FixedOnSpot);

    private sealed record EarlierFinding(Guid Id, Guid AssetId, string ItemId, DateTimeOffset RaisedAt);

    /// <summary>Findings of the same checklist raised in the zone within the repeat window, newest first.</summary>
    private static async Task<List<EarlierFinding>> EarlierFindingsAsync(
        SafetyFlowDbContext db, RepeatPolicy? repeats, Guid zoneId, string workflowId, List<Answer> failed, DateTimeOffset now, CancellationToken cancellationToken)
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

    private static Guid? RepeatOf(List<EarlierFinding> earlier, RepeatPolicy? repeats, Answer answer) =>
        repeats is null
            ? null
            : earlier.FirstOrDefault(f => f.ItemId == answer.Item.ItemId && (repeats.Scope == RepeatScope.Zone || f.AssetId == answer.Asset.Id))?.Id;

    private static (List<Answer> Answers, ValidationErrors Errors) Check(
        IReadOnlyList<ResultRow> rows,
        Inspection inspection,
        InspectionWorkflow definition,
        RectificationWorkflow lifecycle)
    {
        var errors = new ValidationErrors();
        var answers = new List<Answer>();
        var assets = inspection.Targets.ToDictionary(t => t.Asset!.Key, t => t.Asset!, StringComparer.Ordinal);
        var answered = new HashSet<(string, string)>();

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var path = $"results[{i}]";
            var item = definition.FindItem(row.ItemId!);
            if (!assets.TryGetValue(row.Asset!, out var asset))
            {
                errors.Add($"{path}.asset", $"Asset '{row.Asset}' is not part of this inspection.");
            }

            if (item is null)
            {
                errors.Add($"{path}.itemId", $"'{row.ItemId}' is not an item of {definition.Id}.");
            }

            if (asset is null || item is null)
            {
                continue;
            }

            if (!answered.Add((row.Asset!, row.ItemId!)))
            {
                errors.Add(path, $"{row.Asset}/{row.ItemId} is answered more than once.");
                continue;
            }

            var outcome = Outcome(row, item, path, errors);
            if (outcome is null)
            {
                continue;
            }

            var fixedOnSpot = row.FixedOnSpot == true;
            if (fixedOnSpot && (outcome != ItemOutcome.Fail || !lifecycle.Deadlines[item.Severity].FixOnSpotAllowed))
            {
                errors.Add($"{path}.fixedOnSpot", outcome != ItemOutcome.Fail
                    ? "Only a failed item can be fixed on the spot."
                    : $"A {item.Severity.ToString().ToLowerInvariant()} defect cannot be fixed on the spot; it needs its owner.");
                continue;
            }

            answers.Add(new Answer(
                asset,
                item,
                new InspectionResult { InspectionId = inspection.Id, AssetId = asset.Id, ItemId = item.ItemId, Outcome = outcome.Value, Value = row.Value, Note = row.Note },
                fixedOnSpot));
        }

        var missing = assets.Keys
            .SelectMany(asset => definition.Items.Select(item => (asset, item.ItemId)))
            .Where(pair => !answered.Contains(pair))
            .ToList();
        if (missing.Count > 0)
        {
            var listed = string.Join(", ", missing.Take(10).Select(m => $"{m.asset}/{m.ItemId}"));
            errors.Add("results", $"Every asset/item pair must be answered once; {missing.Count} missing: {listed}{(missing.Count > 10 ? ", …" : "")}.");
        }

        return (answers, errors);
    }

    private static ItemOutcome? Outcome(ResultRow row, ChecklistItem item, string path, ValidationErrors errors)
    {
        ItemOutcome? stated = row.Outcome switch
        {
            "pass" => ItemOutcome.Pass,
            "fail" => ItemOutcome.Fail,
            "na" => ItemOutcome.NotApplicable,
            _ => null,
        };

        if (item.Kind == ItemKind.Check)
        {
            if (row.Value is not null)
            {
                errors.Add($"{path}.value", $"'{item.ItemId}' is a check and takes no value.");
                return null;
            }

            if (stated is null)
            {
                errors.Add($"{path}.outcome", "A check needs an outcome: pass, fail or na.");
            }

            return stated;
        }

        if (row.Value is null)
        {
            if (stated == ItemOutcome.NotApplicable)
            {
                return stated;
            }

            errors.Add($"{path}.value", $"'{item.ItemId}' is a reading in {item.Unit}; give its value, or outcome na.");
            return null;
        }

        var measured = item.IsWithinLimits(row.Value.Value) ? ItemOutcome.Pass : ItemOutcome.Fail;
        if (stated is not null && stated != measured)
        {
            errors.Add($"{path}.outcome", $"{row.Value} {item.Unit} is {(measured == ItemOutcome.Pass ? "inside" : "outside")} the limits ({Limits(item)}), so the outcome is {(measured == ItemOutcome.Pass ? "pass" : "fail")}.");
            return null;
        }

        return measured;
    }

    private static string Limits(ChecklistItem item) => (item.Min, item.Max) switch
    {
        ({ } min, { } max) => $"{min}–{max} {item.Unit}",
        ({ } min, null) => $"at least {min} {item.Unit}",
        (null, { } max) => $"at most {max} {item.Unit}",
        _ => "none",
    };
}

public static class InspectionEndpoints
{
    public static IEndpointRouteBuilder MapInspectionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/inspections").WithTags("Inspections").RequireAuthorization();
        group.MapGet("/", ReadInspections.List).WithName("ListInspections").WithSummary("Inspections the caller may see; mine=true for the caller's own zones.");
        group.MapGet("/{id:guid}", ReadInspections.Get).WithName("GetInspection").WithSummary("One inspection with its checklist per asset.");
        group.MapPost("/{id:guid}/submit", SubmitInspection.Handle)
            .Validate<SubmitInspectionRequest>()
            .WithName("SubmitInspection")
            .WithSummary("The zone's member submits the checklist; each failure becomes a finding for the asset's owner.");
        return app;
    }
}
