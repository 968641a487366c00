using FluentValidation;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>A supervisor over the zone grants the waiting extension request, with a note or none.</summary>
public sealed record ApproveExtensionRequest(Guid FindingId, string? Note, Viewer Viewer, string Language);

internal sealed class ApproveExtensionRequestValidator : AbstractValidator<ApproveExtensionRequest>
{
    public ApproveExtensionRequestValidator() => RuleFor(r => r.Note).MaximumLength(2000).WithoutNul();
}

/// <summary>Moves the deadline as requested; nobody decides their own request.</summary>
public sealed class ApproveExtension(IValidator<ApproveExtensionRequest> validator, FindingChanges changes)
{
    public async Task<Result<FindingView>> HandleAsync(ApproveExtensionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return await changes.ApplyAsync(
            request.FindingId,
            request.Viewer,
            request.Language,
            (finding, lifecycle, actor, now) => finding.ApproveExtension(lifecycle, actor, request.Note, now),
            cancellationToken);
    }
}
