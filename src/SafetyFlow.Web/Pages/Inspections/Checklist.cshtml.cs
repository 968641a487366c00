using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Features.Photos;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Pages.Inspections;

/// <summary>One answer as the form posts it; readings arrive as text so a mistyped number comes back as typed.</summary>
public sealed class AnswerInput
{
    public string Asset { get; set; } = "";

    public string ItemId { get; set; } = "";

    public string? Outcome { get; set; }

    public string? Value { get; set; }

    public string? Note { get; set; }

    public IFormFile? Photo { get; set; }
}

/// <summary>
/// The checklist for one inspection. The answers go through the same checks and the same transaction as
/// <c>POST /api/inspections/{id}/submit</c>; photos are added to that transaction.
/// </summary>
[RequestSizeLimit(128L * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 128L * 1024 * 1024)]
public sealed class ChecklistModel(
    SafetyFlowDbContext db,
    ViewerFactory viewers,
    WorkflowRegistry workflows,
    PhotoStore photos,
    IValidator<SubmitInspectionRequest> validator,
    TimeProvider clock) : PageModel
{
    [BindProperty]
    public List<AnswerInput> Answers { get; set; } = [];

    public InspectionDetail? Inspection { get; private set; }

    /// <summary>Error text keys per answer index.</summary>
    public Dictionary<int, List<string>> ItemErrors { get; } = [];

    public List<string> FormErrors { get; } = [];

    public ILookup<(string Asset, string ItemId), Guid> PhotosByAnswer { get; private set; } = Array.Empty<(string Asset, string ItemId)>().ToLookup(k => k, _ => Guid.Empty);

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public long MaxPhotoBytes => photos.MaxBytes;

    public AnswerInput Answer(int index) => index < Answers.Count ? Answers[index] : new AnswerInput();

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var cancellationToken = HttpContext.RequestAborted;
        if (await LoadAsync(id) is { } refusal)
        {
            return refusal;
        }

        if (Inspection!.SubmittedAt is not null)
        {
            FormErrors.Add("checklist.alreadySubmitted");
            return Page();
        }

        var rows = new List<ResultRow>();
        for (var i = 0; i < Answers.Count; i++)
        {
            var answer = Answers[i];
            var reading = TypedReading.Parse(answer.Value);
            if (reading.Refusal is { } refused)
            {
                AddError(i, refused);
            }

            var value = reading.Value;

            // A reading's outcome follows from its value; only "not applicable" is taken as chosen.
            var outcome = value is not null ? null : string.IsNullOrEmpty(answer.Outcome) ? null : answer.Outcome;
            rows.Add(new ResultRow(answer.Asset, answer.ItemId, outcome, value, string.IsNullOrWhiteSpace(answer.Note) ? null : answer.Note.Trim(), null));
        }

        var request = new SubmitInspectionRequest(rows);
        if (!(await validator.ValidateAsync(request, cancellationToken)).IsValid || ItemErrors.Count > 0)
        {
            FormErrors.Add("checklist.fixErrors");
            return Page();
        }

        var stored = new List<StoredImage>();
        var assetIds = await db.Assets.AsNoTracking().Where(a => Answers.Select(x => x.Asset).Contains(a.Key)).ToDictionaryAsync(a => a.Key, a => a.Id, cancellationToken);
        var viewer = await viewers.ForAsync(User, cancellationToken);
        var now = clock.GetUtcNow();
        for (var i = 0; i < Answers.Count; i++)
        {
            if (Answers[i].Photo is not { Length: > 0 } file || !assetIds.TryGetValue(Answers[i].Asset, out var assetId))
            {
                continue;
            }

            try
            {
                var image = await photos.SaveAsync(file, now, cancellationToken);
                stored.Add(image);
                db.Photos.Add(Photo.OfDefect(id, assetId, Answers[i].ItemId, image, viewer.UserId, now));
            }
            catch (PhotoRefusedException e)
            {
                AddError(i, e.TextKey);
            }
        }

        if (ItemErrors.Count > 0)
        {
            return Abandon(stored, "checklist.fixErrors");
        }

        var result = await SubmitInspection.Handle(id, request, HttpContext, db, viewers, workflows, clock, cancellationToken);
        switch (result.Result)
        {
            case Ok<SubmitInspectionResponse> ok:
                // The page is fetched twice when the script submits (once by fetch, once to show it), so the outcome rides in the address.
                return Redirect($"/inspections/{id}?done={(ok.Value!.Findings.Count == 0 ? "clean" : "findings")}");
            case ValidationProblem problem:
                foreach (var (key, _) in problem.ProblemDetails.Errors)
                {
                    MapServerError(key);
                }

                return Abandon(stored, "checklist.fixErrors");
            case ProblemHttpResult { StatusCode: StatusCodes.Status409Conflict }:
                return Abandon(stored, "checklist.alreadySubmitted");
            default:
                return Abandon(stored, "checklist.notYours");
        }
    }

    private PageResult Abandon(List<StoredImage> stored, string message)
    {
        foreach (var entry in db.ChangeTracker.Entries<Photo>().ToList())
        {
            entry.State = EntityState.Detached;
        }

        photos.Discard(stored);
        FormErrors.Add(message);
        if (stored.Count > 0)
        {
            FormErrors.Add("checklist.choosePhotosAgain");
        }

        return Page();
    }

    private void MapServerError(string key)
    {
        // Keys look like results[3].value: the index is the answer's place in the form.
        var match = System.Text.RegularExpressions.Regex.Match(key, @"^results\[(\d+)\](?:\.(\w+))?$");
        if (!match.Success)
        {
            FormErrors.Add("checklist.answerAll");
            return;
        }

        var index = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        AddError(index, match.Groups[2].Value switch
        {
            "value" => "checklist.valueNeeded",
            "outcome" => "checklist.outcomeNeeded",
            _ => "checklist.answerInvalid",
        });
    }

    private void AddError(int index, string textKey)
    {
        if (!ItemErrors.TryGetValue(index, out var list))
        {
            ItemErrors[index] = list = [];
        }

        list.Add(textKey);
    }

    private async Task<IActionResult?> LoadAsync(Guid id)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var result = await ReadInspections.Get(id, HttpContext, db, viewers, workflows, clock, cancellationToken);
        switch (result.Result)
        {
            case Ok<InspectionDetail> ok:
                Inspection = ok.Value!;
                break;
            case Microsoft.AspNetCore.Http.HttpResults.NotFound:
                return NotFound();
            default:
                return Forbid();
        }

        var defectPhotos = await db.Photos.AsNoTracking()
            .Where(p => p.InspectionId == id && p.Purpose == PhotoPurpose.Defect)
            .Join(db.Assets, p => p.AssetId, a => a.Id, (p, a) => new { p.Id, Asset = a.Key, p.ItemId })
            .ToListAsync(cancellationToken);
        PhotosByAnswer = defectPhotos.ToLookup(p => (p.Asset, p.ItemId!), p => p.Id);
        return null;
    }
}
