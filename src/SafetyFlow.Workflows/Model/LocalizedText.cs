using System.Globalization;

namespace SafetyFlow.Workflows.Model;

/// <summary>A text written in Simplified Chinese and in English.</summary>
/// <param name="ZhCn">The Simplified Chinese text (zh-CN).</param>
/// <param name="En">The English text.</param>
public sealed record LocalizedText(string ZhCn, string En)
{
    /// <summary>The text for a culture: Chinese for any <c>zh</c> culture, English otherwise.</summary>
    public string For(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName == "zh" ? ZhCn : En;
    }

    /// <summary>The text for a language tag such as <c>zh-CN</c> or <c>en</c>.</summary>
    public string For(string? language) =>
        language is not null && language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? ZhCn : En;
}
