using FluentValidation;

namespace SafetyFlow.Workflows.Loading;

/// <summary>Both languages must be written.</summary>
internal sealed class LocalizedTextYamlValidator : AbstractValidator<LocalizedTextYaml>
{
    public static LocalizedTextYamlValidator Instance { get; } = new();

    public LocalizedTextYamlValidator()
    {
        RuleFor(x => x.ZhCn).NotEmpty().OverridePropertyName("zh-CN").WithMessage("the Chinese (zh-CN) text must not be empty");
        RuleFor(x => x.En).NotEmpty().OverridePropertyName("en").WithMessage("the English (en) text must not be empty");
    }
}
