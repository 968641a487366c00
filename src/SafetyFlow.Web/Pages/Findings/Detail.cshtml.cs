using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Photos;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Pages.Findings;

/// <summary>
/// One finding: what was found, its photos, its history as a timeline, and the forms for what the viewer may do now.
/// Every action is the use case the API runs (<see cref="SubmitFix"/>, <see cref="ApproveFix"/>, ...). A refused form
/// comes back as it was typed, each error at its field in the page's language, and a line above the forms.
/// </summary>
[RequestSizeLimit(64L * 1024 * 1024)]
public sealed class DetailModel(
    GetFinding getFinding,
    FindingPhotos findingPhotos,
    ViewerFactory viewers,
    WorkflowRegistry workflows,
    PhotoStore photos,
    WorkCalendar calendar,
    IServiceProvider services,
    TimeProvider clock) : PageModel
{
    public FindingView? Finding { get; private set; }

    public FindingPhotoSet Photos { get; private set; } = FindingPhotoSet.None;

    public string? Error { get; private set; }

    /// <summary>The text keys of the lifecycle's state titles are the definition's own titles.</summary>
    public string StateTitle(string state) =>
        workflows.CurrentLifecycle.Definition.States.FirstOrDefault(s => s.Name == state)?.Title.For(WebApp.Language(HttpContext)) ?? state;

    public DateTimeOffset Now => clock.GetUtcNow();

    public bool Can(string action) => Finding?.AllowedActions.Contains(action) == true;

    /// <summary>The handler whose form was sent back (<c>FiveFixes</c>, <c>Extension</c>, ...); null on a plain visit.</summary>
    public string? Posted => HttpMethods.IsPost(Request.Method) ? Request.Query["handler"].ToString() : null;

    /// <summary>What was typed in a field of the form that was sent back; nothing for the other forms.</summary>
    public string? Typed(string handler, string field) =>
        Posted == handler && Request.HasFormContentType ? Request.Form[field].ToString() : null;

    /// <summary>The first error at a field of the form that was sent back, by the name the use case gives it (<c>dueAt</c>).</summary>
    public string? ErrorAt(string handler, string field) =>
        Posted == handler && ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>How far an extension may go, for the hint under its date: the current definition's limits.</summary>
    public SafetyFlow.Workflows.Model.ExtensionPolicy ExtensionLimits => workflows.CurrentLifecycle.Definition.Extensions;

    /// <summary>The date picker's first day for the five fixes' deadline: today, locally.</summary>
    public string FirstDeadlineDay => calendar.DayOf(clock.GetUtcNow()).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The date picker's last day for an extension: the last whose end of work day is within the limit.</summary>
    public string LastExtensionDay
    {
        get
        {
            var latest = Finding!.DueAt + ExtensionLimits.MaxExtension;
            var day = calendar.DayOf(latest);
            return (EndOfWorkDay(day) > latest ? day.AddDays(-1) : day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var viewer = await ViewerAsync();
        if (!await LoadAsync(id, viewer))
        {
            return NotFound();
        }

        // Opening the finding is reading what was said about it.
        await services.GetRequiredService<Features.Notifications.Inbox>().OpenedFindingAsync(viewer, id, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostFixAsync(Guid id, string? note, IFormFile? photo)
    {
        var viewer = await ViewerAsync();
        if (!await LoadAsync(id, viewer))
        {
            return NotFound();
        }

        StoredImage? image = null;
        try
        {
            if (photo is { Length: > 0 } && !string.IsNullOrWhiteSpace(note))
            {
                image = await photos.SaveAsync(photo, clock.GetUtcNow(), HttpContext.RequestAborted);
            }
        }
        catch (PhotoRefusedException e)
        {
            ModelState.AddModelError("photo", Ui.Text(e.TextKey, Language));
            Error = "form.correctFields";
            return Page();
        }

        // A photo's files are kept only with its row: refused or failed, the submission leaves none behind.
        var recorded = false;
        try
        {
            var result = await Use<SubmitFix>().HandleAsync(new SubmitFixRequest(id, note?.Trim(), viewer, Language, image), HttpContext.RequestAborted);
            recorded = result.Succeeded;
            return Answer(id, result, "finding.fixSubmitted");
        }
        finally
        {
            if (!recorded && image is not null)
            {
                photos.Discard([image]);
            }
        }
    }

    /// <summary>The comment as typed, when it comes back refused.</summary>
    public string? CommentText { get; private set; }

    /// <summary>The text key of what is wrong with the comment, shown at its field.</summary>
    public string? CommentError { get; private set; }

    public async Task<IActionResult> OnPostCommentAsync(Guid id, string? text)
    {
        var viewer = await ViewerAsync();
        if (!await LoadAsync(id, viewer))
        {
            return NotFound();
        }

        var result = await Use<CommentOnFinding>().HandleAsync(new CommentOnFindingRequest(id, text, viewer, Language), HttpContext.RequestAborted);
        if (result.Failure is Failure.Invalid)
        {
            CommentText = text;
            CommentError = string.IsNullOrWhiteSpace(text) ? "comment.required" : "comment.tooLong";
            return Page();
        }

        return Answer(id, result, "comment.posted");
    }

    /// <summary>Whom an admin may hand the open finding to; empty for anyone else (the safety office reassigns through the API).</summary>
    public IReadOnlyList<OwnerChoice> OwnerChoices { get; private set; } = [];

    /// <summary>The reassignment as typed, when it comes back refused.</summary>
    public (string? Owner, string? Note) Reassigning { get; private set; }

    public async Task<IActionResult> OnPostReassignAsync(Guid id, string? owner, string? note)
    {
        var viewer = await ViewerAsync();
        if (!await LoadAsync(id, viewer))
        {
            return NotFound();
        }

        Reassigning = (owner, note);

        // Back with what was typed and each refusal at its field, in the page's words.
        return Answer(id, await Use<ReassignFinding>().HandleAsync(new ReassignFindingRequest(id, owner, note, viewer, Language), HttpContext.RequestAborted), "reassign.done");
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id, string? note) =>
        await RunAsync(id, "finding.approved", (viewer, ct) => Use<ApproveFix>().HandleAsync(new ApproveFixRequest(id, Blank(note), viewer, Language), ct));

    public async Task<IActionResult> OnPostRejectAsync(Guid id, string? reason) =>
        await RunAsync(id, "finding.rejected", (viewer, ct) => Use<RejectFix>().HandleAsync(new RejectFixRequest(id, reason?.Trim(), viewer, Language), ct));

    public async Task<IActionResult> OnPostFiveFixesAsync(Guid id, string? measures, string? funds, string? responsiblePerson, DateOnly? deadline, string? contingencyPlan) =>
        await RunAsync(id, "finding.fiveFixesRecorded", (viewer, ct) => Use<RecordFiveFixes>().HandleAsync(
            new RecordFiveFixesRequest(id, measures?.Trim(), funds?.Trim(), responsiblePerson?.Trim(), EndOfWorkDay(deadline), contingencyPlan?.Trim(), viewer, Language), ct));

    public async Task<IActionResult> OnPostExtensionAsync(Guid id, DateOnly? dueOn, string? reason) =>
        await RunAsync(id, "finding.extensionRequested", (viewer, ct) => Use<RequestExtension>().HandleAsync(
            new RequestExtensionRequest(id, EndOfWorkDay(dueOn), reason?.Trim(), viewer, Language), ct));

    public async Task<IActionResult> OnPostApproveExtensionAsync(Guid id, string? note) =>
        await RunAsync(id, "finding.extensionApproved", (viewer, ct) => Use<ApproveExtension>().HandleAsync(new ApproveExtensionRequest(id, Blank(note), viewer, Language), ct));

    public async Task<IActionResult> OnPostDeclineExtensionAsync(Guid id, string? note) =>
        await RunAsync(id, "finding.extensionDeclined", (viewer, ct) => Use<DeclineExtension>().HandleAsync(new DeclineExtensionRequest(id, Blank(note), viewer, Language), ct));

    private string Language => WebApp.Language(HttpContext);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private DateTimeOffset? EndOfWorkDay(DateOnly? day) => day is { } d ? calendar.AtLocal(d, new TimeOnly(18, 0)) : null;

    /// <summary>Each handler needs one use case; resolving it there keeps the page's constructor to what every handler uses.</summary>
    private T Use<T>()
        where T : notnull => services.GetRequiredService<T>();

    private Task<Viewer> ViewerAsync() => viewers.ForAsync(User, HttpContext.RequestAborted);

    private async Task<IActionResult> RunAsync(Guid id, string doneText, Func<Viewer, CancellationToken, Task<Result<FindingView>>> action)
    {
        var viewer = await ViewerAsync();
        if (!await LoadAsync(id, viewer))
        {
            return NotFound();
        }

        return Answer(id, await action(viewer, HttpContext.RequestAborted), doneText);
    }

    /// <summary>Back to the finding with the flash when it worked; otherwise the page again with the refusal above the forms.</summary>
    private IActionResult Answer(Guid id, Result<FindingView> result, string doneText)
    {
        switch (result.Failure)
        {
            case null:
                TempData["Flash"] = doneText;
                return Redirect($"/findings/{id}");
            case Failure.NotFound:
                return NotFound();
            case Failure.Invalid invalid:
                invalid.AddTo(ModelState);
                Error = "form.correctFields";
                break;
            case Failure.Forbidden:
                Error = "finding.notAllowed";
                break;
            case Failure.Conflict { Title: FindingChanges.ChangedMeanwhileTitle }:
                Error = "finding.changedMeanwhile";
                break;
            default:
                Error = "finding.notNow";
                break;
        }

        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, Viewer viewer)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var found = await getFinding.HandleAsync(new GetFindingRequest(id, viewer, Language), cancellationToken);
        if (!found.Succeeded)
        {
            return false;
        }

        Finding = found.Value;
        if (found.Value.ClosedAt is null && viewer.Is(Workflows.Model.Role.Admin))
        {
            OwnerChoices = await Use<ReassignFinding>().ChoicesAsync(cancellationToken);
        }

        Photos = (await findingPhotos.ForAsync([found.Value], cancellationToken))[id];
        return true;
    }
}
