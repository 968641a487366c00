using FluentValidation;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>A supervisor over the zone accepts the fix, with a note or none.</summary>
public sealed record ApproveFixRequest(Guid FindingId, string? Note, Viewer Viewer, string Language);

internal sealed class ApproveFixRequestValidator : AbstractValidator<ApproveFixRequest>
{
    public ApproveFixRequestValidator() => RuleFor(r => r.Note).MaximumLength(2000).WithoutNul();
}

/// <summary>Accepts the fix and closes the finding; nobody accepts a fix they submitted or a finding they raised.</summary>
public sealed class ApproveFix(IValidator<ApproveFixRequest> validator, FindingChanges changes)
{
    public async Task<Result<FindingView>> HandleAsync(ApproveFixRequest request, CancellationToken cancellationToken)
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
            (finding, lifecycle, actor, now) => finding.Approve(lifecycle, actor, request.Note, now),
            cancellationToken);
    }
}
