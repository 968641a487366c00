using FluentValidation;

namespace SafetyFlow.Web.Features.Audit;

/// <summary>Settings under <c>SafetyFlow:Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string Section = "SafetyFlow:Audit";

    /// <summary>
    /// How many findings (with their history records) or inspections (with their answers) the trail check reads at a
    /// time; memory during a check follows this, not the size of the trail.
    /// </summary>
    public int VerifyPageSize { get; set; } = VerifyTrail.PageSize;
}

internal sealed class AuditOptionsValidator : AbstractValidator<AuditOptions>
{
    public AuditOptionsValidator()
    {
        RuleFor(o => o.VerifyPageSize)
            .InclusiveBetween(1, 10_000)
            .WithName("SafetyFlow:Audit:VerifyPageSize")
            .WithMessage(o => $"SafetyFlow:Audit:VerifyPageSize must be between 1 and 10000 (was {o.VerifyPageSize}).");
    }
}
