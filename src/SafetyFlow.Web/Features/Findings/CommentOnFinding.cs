using FluentValidation;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>A comment on a finding by the person viewing it.</summary>
public sealed record CommentOnFindingRequest(Guid FindingId, string? Text, Viewer Viewer, string Language);

internal sealed class CommentOnFindingRequestValidator : AbstractValidator<CommentOnFindingRequest>
{
    public CommentOnFindingRequestValidator() => RuleFor(r => r.Text).NotEmpty().MaximumLength(2000).WithoutNul().OverridePropertyName("text");
}

/// <summary>
/// The finding's owner, a supervisor over its zone or the safety office comments on it, in any state; the comment goes
/// into the finding's history and the other parties are told when it is saved. Anyone else who may see the finding is
/// refused (403); a finding the caller may not see is not found (404).
/// </summary>
public sealed class CommentOnFinding(IValidator<CommentOnFindingRequest> validator, FindingChanges changes)
{
    public async Task<Result<FindingView>> HandleAsync(CommentOnFindingRequest request, CancellationToken cancellationToken)
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
            (finding, _, actor, now) => finding.Comment(actor, request.Text!.Trim(), now),
            cancellationToken);
    }
}
