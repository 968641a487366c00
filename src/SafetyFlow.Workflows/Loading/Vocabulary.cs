using System.Collections.Immutable;
using System.Text.RegularExpressions;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Workflows.Loading;

/// <summary>The words a definition file may use, and how they map to the model.</summary>
internal static partial class Vocabulary
{
    public const string InspectionKind = "inspection";
    public const string RectificationKind = "rectification";
    public const string ZoneRatingKind = "zoneRating";

    public static ImmutableArray<string> Kinds { get; } = [InspectionKind, RectificationKind, ZoneRatingKind];

    public static ImmutableDictionary<string, RepeatScope> RepeatScopes { get; } = new Dictionary<string, RepeatScope>
    {
        ["zone"] = RepeatScope.Zone,
        ["asset"] = RepeatScope.Asset,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static ImmutableDictionary<string, Severity> Severities { get; } = new Dictionary<string, Severity>
    {
        ["general"] = Severity.General,
        ["major"] = Severity.Major,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static ImmutableDictionary<string, ItemKind> ItemKinds { get; } = new Dictionary<string, ItemKind>
    {
        ["check"] = ItemKind.Check,
        ["reading"] = ItemKind.Reading,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static ImmutableDictionary<string, ItemScope> ItemScopes { get; } = new Dictionary<string, ItemScope>
    {
        ["asset"] = ItemScope.Asset,
        ["zone"] = ItemScope.Zone,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static ImmutableDictionary<string, DayOfWeek> Days { get; } = new Dictionary<string, DayOfWeek>
    {
        ["mon"] = DayOfWeek.Monday,
        ["tue"] = DayOfWeek.Tuesday,
        ["wed"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday,
        ["sat"] = DayOfWeek.Saturday,
        ["sun"] = DayOfWeek.Sunday,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static IReadOnlyList<string> DayNames { get; } = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// <summary>True when <paramref name="value"/> is exactly the name of a member of <typeparamref name="TEnum"/>.</summary>
    /// <remarks>Enum.TryParse would also accept numbers and other casings, which a definition file should not use.</remarks>
    public static bool IsName<TEnum>(string? value)
        where TEnum : struct, Enum =>
        value is not null && Enum.GetNames<TEnum>().Contains(value, StringComparer.Ordinal);

    public static TEnum ToEnum<TEnum>(string value)
        where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(value, ignoreCase: false);

    public static string Names<TEnum>()
        where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetNames<TEnum>());

    public static bool IsKebabCase(string? value) => value is not null && KebabCase().IsMatch(value);

    public static bool IsIdentifier(string? value) => value is not null && Identifier().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KebabCase();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
