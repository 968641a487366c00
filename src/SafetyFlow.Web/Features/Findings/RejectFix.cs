using FluentValidation;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>A supervisor over the zone sends the fix back, saying why.</summary>
public sealed record RejectFixRequest(Guid FindingId, string? Reason, Viewer Viewer, string Language);

internal sealed class RejectFixRequestValidator : AbstractValidator<RejectFixRequest>
{
    public RejectFixRequestValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000).WithoutNul();
}

/// <summary>Rejects the fix; the finding goes back to its owner with one more rejection counted.</summary>
public sealed class RejectFix(IValidator<RejectFixRequest> validator, FindingChanges changes)
{
    public async Task<Result<FindingView>> HandleAsync(RejectFixRequest request, CancellationToken cancellationToken)
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
            (finding, lifecycle, actor, now) => finding.Reject(lifecycle, actor, request.Reason!, now),
            cancellationToken);
    }
}
