using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SafetyFlow.Web.Pages.Inspections;

/// <summary>
/// A reading as a member types it into the checklist, in Chinese or English: <c>45.5</c> and <c>45,5</c> both mean
/// 45.5. One point or one comma is the decimal separator; digit grouping (<c>1,234.5</c>, <c>1.234,5</c>,
/// <c>1 234</c>), exponents and anything else is refused, and so is a comma followed by exactly three digits
/// (<c>1,234</c>), which could be a thousand as well as a decimal. Full-width digits and signs from a Chinese input
/// method count as their ASCII forms. <c>wwwroot/js/checklist.js</c> applies the same rule as the member types.
/// </summary>
public readonly partial record struct TypedReading(decimal? Value, string? Refusal)
{
    /// <summary>The text key of the message shown at the item when the text is not a number.</summary>
    public const string NotANumber = "checklist.notANumber";

    /// <summary>The text key of the message shown at the item when a comma may group thousands.</summary>
    public const string Ambiguous = "checklist.ambiguousComma";

    /// <summary>Nothing was typed.</summary>
    public bool IsEmpty => Value is null && Refusal is null;

    public static TypedReading Parse(string? text)
    {
        var normalised = Normalise(text);
        if (normalised.Length == 0)
        {
            return default;
        }

        var match = Number().Match(normalised);
        var whole = match.Groups["whole"].Value;
        var fraction = match.Groups["fraction"].Value;
        if (!match.Success || whole.Length + fraction.Length == 0)
        {
            return new(null, NotANumber);
        }

        if (match.Groups["separator"].Value == "," && fraction.Length == 3 && whole.TrimStart('0').Length > 0)
        {
            return new(null, Ambiguous);
        }

        var invariant = $"{match.Groups["sign"].Value}{(whole.Length == 0 ? "0" : whole)}{(fraction.Length == 0 ? "" : "." + fraction)}";
        return decimal.TryParse(invariant, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? new(value, null)
            : new(null, NotANumber);
    }

    /// <summary>Trims, and turns full-width digits, points, commas and signs (and the minus sign) into ASCII.</summary>
    private static string Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            builder.Append(c switch
            {
                >= '\uFF10' and <= '\uFF19' => (char)('0' + (c - '\uFF10')),
                '\uFF0E' => '.',
                '\uFF0C' => ',',
                '\uFF0B' => '+',
                '\uFF0D' or '\u2212' => '-',
                _ => c,
            });
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^(?<sign>[+-]?)(?<whole>[0-9]*)(?:(?<separator>[.,])(?<fraction>[0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
