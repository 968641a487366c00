using System.Globalization;
using SafetyFlow.Web.Pages.Inspections;

namespace SafetyFlow.UnitTests.Web.Pages;

/// <summary>Readings as members type them into the checklist, with the page in Chinese or in English.</summary>
public sealed class TypedReadingTests
{
    private static readonly string[] PageLanguages = ["zh-CN", "en"];

    private static readonly (string Typed, string Value)[] Numbers =
    [
        ("45,5", "45.5"),
        ("45.5", "45.5"),
        (" 45.5 ", "45.5"),
        ("\t45,5\n", "45.5"),
        ("-12", "-12"),
        ("-12,5", "-12.5"),
        ("+3", "3"),
        ("0", "0"),
        (",5", "0.5"),
        ("1.2", "1.2"),
        ("1.234", "1.234"),
        ("0,125", "0.125"),
        ("1,2345", "1.2345"),
        ("1234", "1234"),
        ("００４５，５", "45.5"),
        ("－１２．５", "-12.5"),
        ("−3", "-3"),
    ];

    private static readonly (string Typed, string Refusal)[] Refused =
    [
        ("1,234.5", TypedReading.NotANumber),
        ("1.234,5", TypedReading.NotANumber),
        ("1,234,567", TypedReading.NotANumber),
        ("1 234", TypedReading.NotANumber),
        ("45 5", TypedReading.NotANumber),
        ("abc", TypedReading.NotANumber),
        ("1e3", TypedReading.NotANumber),
        ("0x10", TypedReading.NotANumber),
        ("45.", TypedReading.NotANumber),
        ("45,", TypedReading.NotANumber),
        ("-", TypedReading.NotANumber),
        (".", TypedReading.NotANumber),
        ("--5", TypedReading.NotANumber),
        ("NaN", TypedReading.NotANumber),
        ("Infinity", TypedReading.NotANumber),
        ("٤٥", TypedReading.NotANumber),
        ("45℃", TypedReading.NotANumber),
        (new string('9', 40), TypedReading.NotANumber),
        ("1,234", TypedReading.Ambiguous),
        ("-1,234", TypedReading.Ambiguous),
        ("12,500", TypedReading.Ambiguous),
    ];

    public static TheoryData<string, string, string> NumbersInEachLanguage() =>
        Cross(Numbers.Select(n => (n.Typed, n.Value)));

    public static TheoryData<string, string, string> RefusedInEachLanguage() =>
        Cross(Refused.Select(r => (r.Typed, r.Refusal)));

    [Theory]
    [MemberData(nameof(NumbersInEachLanguage))]
    public void A_number_is_read_with_a_point_or_a_comma_as_its_decimal_separator(string language, string typed, string expected)
    {
        var reading = InLanguage(language, () => TypedReading.Parse(typed));

        Assert.Null(reading.Refusal);
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), reading.Value);
    }

    [Theory]
    [MemberData(nameof(RefusedInEachLanguage))]
    public void Grouped_digits_exponents_and_words_are_refused_with_the_reason(string language, string typed, string refusal)
    {
        var reading = InLanguage(language, () => TypedReading.Parse(typed));

        Assert.Null(reading.Value);
        Assert.Equal(refusal, reading.Refusal);
        Assert.False(reading.IsEmpty);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Nothing_typed_is_neither_a_number_nor_a_refusal(string? typed)
    {
        var reading = TypedReading.Parse(typed);

        Assert.True(reading.IsEmpty);
        Assert.Null(reading.Value);
        Assert.Null(reading.Refusal);
    }

    [Fact]
    public void Forty_five_and_a_half_is_never_read_as_four_hundred_and_fifty_five_whatever_the_server_culture()
    {
        foreach (var language in PageLanguages.Append("de-DE").Append("fr-FR").Append(""))
        {
            Assert.Equal(45.5m, InLanguage(language, () => TypedReading.Parse("45,5")).Value);
            Assert.Equal(45.5m, InLanguage(language, () => TypedReading.Parse("45.5")).Value);
        }
    }

    private static TheoryData<string, string, string> Cross(IEnumerable<(string Typed, string Expected)> cases)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var language in PageLanguages)
        {
            foreach (var (typed, expected) in cases)
            {
                data.Add(language, typed, expected);
            }
        }

        return data;
    }

    private static TypedReading InLanguage(string language, Func<TypedReading> parse)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            return parse();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
