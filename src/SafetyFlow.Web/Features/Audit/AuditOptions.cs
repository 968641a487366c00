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

    /// <summary>
    /// The most history records the audit page checks from the start as it opens, when there is no checkpoint found
    /// intact to resume from (a check reads about 50,000 records a second); beyond it the page shows the last full
    /// check and runs a new one in the background.
    /// </summary>
    public long PageCheckRecords { get; set; } = 100_000;
}

internal sealed class AuditOptionsValidator : AbstractValidator<AuditOptions>
{
    public AuditOptionsValidator()
    {
        RuleFor(o => o.VerifyPageSize)
            .InclusiveBetween(1, 10_000)
            .WithName("SafetyFlow:Audit:VerifyPageSize")
            .WithMessage(o => $"SafetyFlow:Audit:VerifyPageSize must be between 1 and 10000 (was {o.VerifyPageSize}).");
        RuleFor(o => o.PageCheckRecords)
            .GreaterThanOrEqualTo(0)
            .WithName("SafetyFlow:Audit:PageCheckRecords")
            .WithMessage(o => $"SafetyFlow:Audit:PageCheckRecords must be 0 or more (was {o.PageCheckRecords}).");
    }
}
