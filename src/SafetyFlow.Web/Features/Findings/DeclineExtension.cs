using FluentValidation;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>A supervisor over the zone refuses the waiting extension request, with a note or none.</summary>
public sealed record DeclineExtensionRequest(Guid FindingId, string? Note, Viewer Viewer, string Language);

internal sealed class DeclineExtensionRequestValidator : AbstractValidator<DeclineExtensionRequest>
{
    public DeclineExtensionRequestValidator() => RuleFor(r => r.Note).MaximumLength(2000).WithoutNul();
}

/// <summary>Keeps the deadline; nobody decides their own request.</summary>
public sealed class DeclineExtension(IValidator<DeclineExtensionRequest> validator, FindingChanges changes)
{
    public async Task<Result<FindingView>> HandleAsync(DeclineExtensionRequest request, CancellationToken cancellationToken)
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
            (finding, lifecycle, actor, now) => finding.DeclineExtension(lifecycle, actor, request.Note, now),
            cancellationToken);
    }
}
