using FluentValidation;
using Microsoft.Extensions.Options;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>Runs a FluentValidation validator as options validation, so a bad setting stops start-up naming the key.</summary>
internal sealed class FluentValidateOptions<TOptions>(IValidator<TOptions> validator) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = validator.Validate(options);
        return result.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
    }
}

internal static class OptionsRegistration
{
    /// <summary>Binds a section and validates it at start with the given FluentValidation validator.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidator<TOptions>
    {
        services.AddSingleton<IValidator<TOptions>, TValidator>();
        services.AddSingleton<IValidateOptions<TOptions>, FluentValidateOptions<TOptions>>();
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }
}

/// <summary>The messages of settings that failed validation at start, however the host wrapped them.</summary>
public static class SettingFailures
{
    public static IReadOnlyList<string> Of(Exception exception) => exception switch
    {
        OptionsValidationException e => [.. e.Failures],
        AggregateException e => [.. e.InnerExceptions.SelectMany(Of)],

        // The binder's own refusal names the key: "Failed to convert configuration value 'x' at 'SafetyFlow:Clock:Mode' ...".
        InvalidOperationException e when e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            [$"{e.Message} {e.InnerException?.Message}".Trim()],
        _ => [],
    };
}
