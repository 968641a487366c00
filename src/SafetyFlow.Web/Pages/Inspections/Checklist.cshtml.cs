using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Features.Photos;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Inspections;

/// <summary>One answer as the form posts it; readings arrive as text so a mistyped number comes back as typed.</summary>
public sealed class AnswerInput
{
    /// <summary>The asset's key; empty for an item asked once per zone visit.</summary>
    public string? Asset { get; set; }

    public string ItemId { get; set; } = "";

    public string? Outcome { get; set; }

    public string? Value { get; set; }

    public string? Note { get; set; }

    /// <summary>A general defect the member fixed on the spot.</summary>
    public bool FixedOnSpot { get; set; }

    public IFormFile? Photo { get; set; }
}

/// <summary>
/// The checklist for one inspection, over the same use cases as <c>GET /api/inspections/{id}</c> and
/// <c>POST /api/inspections/{id}/submit</c>. Readings are read as people type them (<see cref="TypedReading"/>); photos
/// are checked first, and their rows (with their bytes, on the database store) go into the submission's transaction;
/// on the folder store their files are written first and discarded when the submission is not saved.
/// The page script submits through the API instead (with an <c>Idempotency-Key</c>, from a queue kept on the phone): it
/// asks this page for a bearer token (<see cref="OnPostTokenAsync"/>) and sends the photos kept on the phone once the
/// answers are stored (<see cref="OnPostPhotoAsync"/>, over <see cref="AddDefectPhoto"/>).
/// </summary>
[RequestSizeLimit(128L * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 128L * 1024 * 1024)]
public sealed partial class ChecklistModel(
    GetInspection inspections,
    SubmitInspection submit,
    AddDefectPhoto addPhoto,
    SafetyFlowDbContext db,
    ViewerFactory viewers,
    PhotoStore photos,
    TimeProvider clock,
    UserManager<AppUser> users,
    TokenIssuer tokens,
    Ui ui) : PageModel
{
    [BindProperty]
    public List<AnswerInput> Answers { get; set; } = [];

    public InspectionDetail? Inspection { get; private set; }

    /// <summary>Error text keys per answer index.</summary>
    public Dictionary<int, List<string>> ItemErrors { get; } = [];

    public List<string> FormErrors { get; } = [];

    /// <summary>The defect photos of each answer, by asset key (null for an item asked once per zone) and item.</summary>
    public ILookup<(string? Asset, string ItemId), Guid> PhotosByAnswer { get; private set; } = Array.Empty<(string? Asset, string ItemId)>().ToLookup(k => k, _ => Guid.Empty);

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public long MaxPhotoBytes => photos.MaxBytes;

    public AnswerInput Answer(int index) => index < Answers.Count ? Answers[index] : new AnswerInput();

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var viewer = await viewers.ForAsync(User, HttpContext.RequestAborted);
        return await LoadAsync(id, viewer) ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        if (await LoadAsync(id, viewer) is { } refusal)
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
            rows.Add(new ResultRow(string.IsNullOrEmpty(answer.Asset) ? null : answer.Asset, answer.ItemId, outcome, value, string.IsNullOrWhiteSpace(answer.Note) ? null : answer.Note.Trim(), answer.FixedOnSpot ? true : null));
        }

        if (ItemErrors.Count > 0)
        {
            FormErrors.Add("checklist.fixErrors");
            return Page();
        }

        var stored = new List<StoredImage>();
        var defects = new List<DefectPhoto>();
        var now = clock.GetUtcNow();
        for (var i = 0; i < Answers.Count; i++)
        {
            if (Answers[i].Photo is not { Length: > 0 } file)
            {
                continue;
            }

            try
            {
                var image = await photos.SaveAsync(file, now, cancellationToken);
                stored.Add(image);
                defects.Add(new DefectPhoto(string.IsNullOrEmpty(Answers[i].Asset) ? null : Answers[i].Asset, Answers[i].ItemId, image));
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

        Result<SubmitInspectionResponse> result;
        try
        {
            result = await submit.HandleAsync(new InspectionSubmission(id, new SubmitInspectionRequest(rows), viewer, defects), cancellationToken);
        }
        catch
        {
            // The submission failed outright: its photos' files go with it.
            photos.Discard(stored);
            throw;
        }

        switch (result.Failure)
        {
            case null:
                // The page is fetched twice when the script submits (once by fetch, once to show it), so the outcome rides in the address.
                return Redirect($"/inspections/{id}?done={(result.Value.Findings.Count == 0 ? "clean" : "findings")}");
            case Failure.Invalid invalid:
                foreach (var key in invalid.Errors.Keys)
                {
                    MapServerError(key);
                }

                return Abandon(stored, "checklist.fixErrors");
            case Failure.Conflict:
                return Abandon(stored, "checklist.alreadySubmitted");
            case Failure.Forbidden:
                return Abandon(stored, "checklist.notYours");
            default:
                photos.Discard(stored);
                return result.Failure.ToActionResult();
        }
    }

    /// <summary>
    /// A bearer token for the signed-in person, so the page script can call the API with the sign-in cookie it has.
    /// A POST with the page's anti-forgery token, so no other site can have a browser fetch one.
    /// </summary>
    public async Task<IActionResult> OnPostTokenAsync()
    {
        var viewer = await viewers.ForAsync(User, HttpContext.RequestAborted);
        var user = await users.FindByIdAsync(viewer.UserId.ToString());
        if (user is null)
        {
            return Unauthorized();
        }

        var (token, expiresIn) = tokens.Issue(user, await users.GetRolesAsync(user));
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(new { accessToken = token, expiresIn });
    }

    /// <summary>
    /// One photo kept on the phone, sent after the member's answers were stored: it joins the answer it shows. Sending
    /// the same photo again (a retry whose answer was lost) keeps it once.
    /// </summary>
    public async Task<IActionResult> OnPostPhotoAsync(Guid id, [FromForm] string? asset, [FromForm] string? itemId, IFormFile? photo)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        if (photo is null)
        {
            return BadRequest(new { error = T("checklist.answerInvalid") });
        }

        StoredImage image;
        try
        {
            image = await photos.SaveAsync(photo, clock.GetUtcNow(), cancellationToken);
        }
        catch (PhotoRefusedException e)
        {
            return BadRequest(new { error = T(e.TextKey) });
        }

        var result = await addPhoto.HandleAsync(new DefectPhotoUpload(id, asset, itemId, image, viewer), cancellationToken);
        return result.Failure switch
        {
            null => new JsonResult(new { id = result.Value }),
            Failure.Conflict => new ConflictObjectResult(new { error = T("checklist.photoNotYours") }),
            Failure.Invalid => BadRequest(new { error = T("checklist.answerInvalid") }),
            _ => NotFound(),
        };
    }

    private string T(string key) => ui[key];

    private PageResult Abandon(List<StoredImage> stored, string message)
    {
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
        var match = ResultPath().Match(key);
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

    /// <summary>The inspection as the viewer may see it, with its defect photos; 404 for one they may not see.</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, Viewer viewer)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var result = await inspections.HandleAsync(new GetInspectionRequest(id, WebApp.Language(HttpContext), viewer), cancellationToken);
        if (!result.Succeeded)
        {
            return result.Failure.ToActionResult();
        }

        Inspection = result.Value;
        var defectPhotos = await db.Photos.AsNoTracking()
            .Where(p => p.InspectionId == id && p.Purpose == PhotoPurpose.Defect)
            .Select(p => new { p.Id, Asset = db.Assets.Where(a => a.Id == p.AssetId).Select(a => a.Key).FirstOrDefault(), p.ItemId })
            .ToListAsync(cancellationToken);
        PhotosByAnswer = defectPhotos.ToLookup(p => (p.Asset, p.ItemId!), p => p.Id);
        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^results\[(\d+)\](?:\.(\w+))?$")]
    private static partial System.Text.RegularExpressions.Regex ResultPath();
}
