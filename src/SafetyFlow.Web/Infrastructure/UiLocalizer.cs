using System.Globalization;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// The framework's localisation over <see cref="Ui"/>'s texts: an <see cref="IStringLocalizer"/> of any type reads the same
/// dictionary the pages read, in the request's UI culture (a page's chosen language; the API has none, so English).
/// Validators take their messages from it, so a Chinese page shows Chinese messages and the API keeps English ones.
/// </summary>
internal sealed class UiLocalizer : IStringLocalizer
{
    public LocalizedString this[string name] =>
        new(name, Ui.Text(name, CultureInfo.CurrentUICulture.Name), resourceNotFound: !Ui.Has(name));

    public LocalizedString this[string name, params object[] arguments] =>
        new(name, string.Format(CultureInfo.CurrentCulture, this[name].Value, arguments), resourceNotFound: !Ui.Has(name));

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => Ui.Keys.Select(key => this[key]);
}

/// <summary>Every <see cref="IStringLocalizer{T}"/> is <see cref="UiLocalizer"/>: the texts have one source, whatever the type.</summary>
internal sealed class UiLocalizerFactory : IStringLocalizerFactory
{
    private static readonly UiLocalizer Localizer = new();

    public IStringLocalizer Create(Type resourceSource) => Localizer;

    public IStringLocalizer Create(string baseName, string location) => Localizer;
}

internal static class UiLocalization
{
    /// <summary>
    /// <c>AddLocalization</c> with <see cref="Ui"/> as its one source of texts. FluentValidation's own messages follow the
    /// same UI culture through its language manager (it ships Simplified Chinese); on a page the field a message names
    /// reads as the page labels it (<c>field.*</c> texts). The API runs in the invariant culture and keeps its field paths.
    /// </summary>
    public static IServiceCollection AddUiLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddSingleton<IStringLocalizerFactory, UiLocalizerFactory>();
        services.AddSingleton<IStringLocalizer, UiLocalizer>();
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is not null && CultureInfo.CurrentUICulture.Name.Length > 0 && Ui.Has("field." + member.Name)
                ? Ui.Text("field." + member.Name, CultureInfo.CurrentUICulture.Name)
                : null;
        return services;
    }

    /// <summary>A validator's message from <see cref="Ui"/>'s texts, in the UI culture of the request being validated.</summary>
    public static IRuleBuilderOptions<T, TProperty> WithText<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, IStringLocalizer texts, string key, params object[] arguments) =>
        rule.WithMessage(_ => texts[key, arguments].Value);
}
