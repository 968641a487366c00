using System.Globalization;
using FluentValidation;
using Microsoft.Extensions.Localization;
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
    public RecordFiveFixesRequestValidator(IStringLocalizer<RecordFiveFixesRequest> texts, WorkCalendar calendar, TimeProvider clock)
    {
        RuleFor(r => r.Measures).NotEmpty().MaximumLength(2000).WithoutNul();
        RuleFor(r => r.Funds).NotEmpty().MaximumLength(200).WithoutNul();
        RuleFor(r => r.ResponsiblePerson).NotEmpty().MaximumLength(100).WithoutNul();
        RuleFor(r => r.Deadline).NotNull();
        RuleFor(r => r.Deadline!.Value).Must(WorkCalendar.IsSupported).When(r => r.Deadline is not null).WithText(texts, "validation.instant").OverridePropertyName("deadline");

        // A plan due before today is no plan: the day counts as people there read it, not in UTC, so today's date is
        // accepted until local midnight whatever hour of it the deadline names.
        RuleFor(r => r.Deadline!.Value)
            .Must(deadline => calendar.DayOf(deadline) >= calendar.DayOf(clock.GetUtcNow()))
            .When(r => r.Deadline is { } deadline && WorkCalendar.IsSupported(deadline))
            .WithMessage(_ => texts["validation.deadlinePast", calendar.DayOf(clock.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), calendar.Zone.Id].Value)
            .OverridePropertyName("deadline");
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
