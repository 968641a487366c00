using FluentValidation;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>The owner reports the fix of a finding, with a photo of it already checked and stored, or none.</summary>
public sealed record SubmitFixRequest(Guid FindingId, string? Note, Viewer Viewer, string Language, StoredImage? Photo = null);

internal sealed class SubmitFixRequestValidator : AbstractValidator<SubmitFixRequest>
{
    public SubmitFixRequestValidator() => RuleFor(r => r.Note).NotEmpty().MaximumLength(2000).WithoutNul();
}

/// <summary>The owner reports the fix; the finding waits for a supervisor's acceptance.</summary>
public sealed class SubmitFix(IValidator<SubmitFixRequest> validator, FindingChanges changes, SafetyFlowDbContext db)
{
    public async Task<Result<FindingView>> HandleAsync(SubmitFixRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return await changes.ApplyAsync(request.FindingId, request.Viewer, request.Language, (finding, lifecycle, actor, now) =>
        {
            finding.SubmitFix(lifecycle, actor, request.Note!, now);
            if (request.Photo is { } photo)
            {
                // Numbered by the fix it shows: the first fix, or the one after each rejection.
                db.Photos.Add(Photo.OfFix(finding.Id, finding.Rejections + 1, photo, actor.UserId, now));
            }
        }, cancellationToken);
    }
}
