using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Photos;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Pages.Findings;

/// <summary>
/// One finding: what was found, its photos, its history as a timeline, and the forms for what the viewer may do now.
/// Every action runs through <see cref="FindingCommands"/> and <see cref="FindingActs"/>, as the API does.
/// </summary>
[RequestSizeLimit(64L * 1024 * 1024)]
public sealed class DetailModel(
    SafetyFlowDbContext db,
    FindingReader reader,
    FindingCommands commands,
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

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostFixAsync(Guid id, string? note, IFormFile? photo) =>
        RunAsync(id, new FixRequest(note?.Trim()), "finding.fixSubmitted", async () =>
        {
            StoredImage? image = null;
            if (photo is { Length: > 0 })
            {
                image = await photos.SaveAsync(photo, clock.GetUtcNow(), HttpContext.RequestAborted);
            }

            return ((finding, lifecycle, actor, now) =>
            {
                FindingActs.Fix(note!.Trim())(finding, lifecycle, actor, now);
                if (image is not null)
                {
                    db.Photos.Add(Photo.OfFix(finding.Id, finding.Rejections + 1, image, actor.UserId, now));
                }
            }, image);
        });

    public Task<IActionResult> OnPostApproveAsync(Guid id, string? note) =>
        RunAsync(id, new DecisionRequest(Blank(note)), "finding.approved", () => Act(FindingActs.Approve(Blank(note))));

    public Task<IActionResult> OnPostRejectAsync(Guid id, string? reason) =>
        RunAsync(id, new RejectRequest(reason?.Trim()), "finding.rejected", () => Act(FindingActs.Reject(reason!.Trim())));

    public Task<IActionResult> OnPostFiveFixesAsync(Guid id, string? measures, string? funds, string? responsiblePerson, DateOnly? deadline, string? contingencyPlan)
    {
        var request = new FiveFixesRequest(measures?.Trim(), funds?.Trim(), responsiblePerson?.Trim(), deadline is { } d ? calendar.AtLocal(d, new TimeOnly(18, 0)) : null, contingencyPlan?.Trim());
        return RunAsync(id, request, "finding.fiveFixesRecorded", () => Act(FindingActs.RecordFiveFixes(request)));
    }

    public Task<IActionResult> OnPostExtensionAsync(Guid id, DateOnly? dueOn, string? reason)
    {
        var request = new ExtensionRequest(dueOn is { } d ? calendar.AtLocal(d, new TimeOnly(18, 0)) : null, reason?.Trim());
        return RunAsync(id, request, "finding.extensionRequested", () => Act(FindingActs.RequestExtension(request.DueAt!.Value, request.Reason!)));
    }

    public Task<IActionResult> OnPostApproveExtensionAsync(Guid id, string? note) =>
        RunAsync(id, new DecisionRequest(Blank(note)), "finding.extensionApproved", () => Act(FindingActs.ApproveExtension(Blank(note))));

    public Task<IActionResult> OnPostDeclineExtensionAsync(Guid id, string? note) =>
        RunAsync(id, new DecisionRequest(Blank(note)), "finding.extensionDeclined", () => Act(FindingActs.DeclineExtension(Blank(note))));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static Task<(FindingAct, StoredImage?)> Act(FindingAct act) =>
        Task.FromResult<(FindingAct, StoredImage?)>((act, null));

    private async Task<IActionResult> RunAsync<TRequest>(
        Guid id,
        TRequest request,
        string doneText,
        Func<Task<(FindingAct Act, StoredImage? Image)>> prepare)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        var validation = await services.GetRequiredService<IValidator<TRequest>>().ValidateAsync(request, HttpContext.RequestAborted);
        if (!validation.IsValid)
        {
            Error = "finding.formIncomplete";
            return Page();
        }

        StoredImage? image = null;
        try
        {
            var (act, stored) = await prepare();
            image = stored;
            await commands.RunAsync(id, HttpContext, act);
            TempData["Flash"] = doneText;
            return Redirect($"/findings/{id}");
        }
        catch (PhotoRefusedException e)
        {
            Error = e.TextKey;
        }
        catch (ForbiddenActionException)
        {
            Error = "finding.notAllowed";
        }
        catch (DomainException)
        {
            Error = "finding.notNow";
        }
        catch (DbUpdateConcurrencyException)
        {
            Error = "finding.changedMeanwhile";
        }

        if (image is not null)
        {
            photos.Discard([image]);
        }

        return Page();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        var found = await reader.ShapeAsync(reader.Visible(viewer).Where(f => f.Id == id), viewer, WebApp.Language(HttpContext), cancellationToken);
        if (found.Count == 0)
        {
            return false;
        }

        Finding = found[0];
        Photos = (await FindingPhotos.ForAsync(db, found, cancellationToken))[id];
        return true;
    }
}
