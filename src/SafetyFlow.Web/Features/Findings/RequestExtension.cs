using FluentValidation;
using Microsoft.Extensions.Localization;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>The owner asks for a later deadline, with a reason.</summary>
public sealed record RequestExtensionRequest(Guid FindingId, DateTimeOffset? DueAt, string? Reason, Viewer Viewer, string Language);

internal sealed class RequestExtensionRequestValidator : AbstractValidator<RequestExtensionRequest>
{
    public RequestExtensionRequestValidator(IStringLocalizer<RequestExtensionRequest> texts)
    {
        RuleFor(r => r.DueAt).NotNull();
        RuleFor(r => r.DueAt!.Value).Must(WorkCalendar.IsSupported).When(r => r.DueAt is not null).WithText(texts, "validation.instant").OverridePropertyName("dueAt");
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000).WithoutNul();
    }
}

/// <summary>
/// Records the request; the deadline moves only when a supervisor approves it (<see cref="ApproveExtension"/>). A date
/// not later than the current deadline, or further past it than the definition's <c>extensions.maxExtension</c>, is
/// refused as bad input naming <c>dueAt</c>, with the limit; a request past <c>extensions.maxRequests</c> is a conflict.
/// </summary>
public sealed class RequestExtension(IValidator<RequestExtensionRequest> validator, FindingChanges changes)
{
    public async Task<Result<FindingView>> HandleAsync(RequestExtensionRequest request, CancellationToken cancellationToken)
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
            (finding, lifecycle, actor, now) => finding.RequestExtension(lifecycle, actor, request.DueAt!.Value, request.Reason!, now),
            cancellationToken);
    }
}
