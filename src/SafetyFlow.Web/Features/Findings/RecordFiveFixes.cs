using FluentValidation;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>The owner's five fixes (五定) plan for a major finding.</summary>
public sealed record RecordFiveFixesRequest(
    Guid FindingId,
    string? Measures,
    string? Funds,
    string? ResponsiblePerson,
    DateTimeOffset? Deadline,
    string? ContingencyPlan,
    Viewer Viewer,
    string Language);

internal sealed class RecordFiveFixesRequestValidator : AbstractValidator<RecordFiveFixesRequest>
{
    public RecordFiveFixesRequestValidator()
    {
        RuleFor(r => r.Measures).NotEmpty().MaximumLength(2000).WithoutNul();
        RuleFor(r => r.Funds).NotEmpty().MaximumLength(200).WithoutNul();
        RuleFor(r => r.ResponsiblePerson).NotEmpty().MaximumLength(100).WithoutNul();
        RuleFor(r => r.Deadline).NotNull();
        RuleFor(r => r.Deadline!.Value).Must(WorkCalendar.IsSupported).When(r => r.Deadline is not null).WithMessage(RequestExtensionRequestValidator.InstantHint).OverridePropertyName("deadline");
        RuleFor(r => r.ContingencyPlan).NotEmpty().MaximumLength(2000).WithoutNul();
    }
}

/// <summary>Records the five fixes a major finding needs before its fix may be submitted.</summary>
public sealed class RecordFiveFixes(IValidator<RecordFiveFixesRequest> validator, FindingChanges changes)
{
    public async Task<Result<FindingView>> HandleAsync(RecordFiveFixesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return await changes.ApplyAsync(request.FindingId, request.Viewer, request.Language, (finding, lifecycle, actor, now) =>
        {
            var plan = new FiveFixes(request.Measures!, request.Funds!, request.ResponsiblePerson!, request.Deadline!.Value, request.ContingencyPlan!, now);
            finding.RecordFiveFixes(lifecycle, actor, plan, now);
        }, cancellationToken);
    }
}
