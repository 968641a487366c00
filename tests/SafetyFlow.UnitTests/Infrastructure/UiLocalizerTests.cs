using System.Globalization;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.UnitTests.Infrastructure;

/// <summary>
/// Validator messages through the app's localisation: on a Chinese page FluentValidation's own messages and the app's
/// texts are Chinese and name the field as the page labels it; the API (the invariant culture) keeps English and field paths.
/// </summary>
public sealed class UiLocalizerTests
{
    /// <summary>Tuesday 1 December 2026, 00:00:00.250 in Asia/Shanghai: still 30 November in UTC.</summary>
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)).AddMilliseconds(250);

    private static readonly DateTimeOffset YesterdayEvening = new(2026, 11, 30, 18, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task A_chinese_page_gets_chinese_messages_naming_the_field_as_labelled()
    {
        var errors = await ValidateInAsync("zh-CN");

        Assert.Equal(["'整改资金' 不能为空。"], errors["funds"]);
        Assert.Equal(["整改时限不能早于今天（2026-12-01，Asia/Shanghai）。"], errors["deadline"]);
    }

    [Fact]
    public async Task The_api_keeps_english_messages_and_field_paths()
    {
        var errors = await ValidateInAsync("");

        Assert.Equal(["'funds' must not be empty."], errors["funds"]);
        Assert.Equal(["The deadline may not be before today (2026-12-01 in Asia/Shanghai)."], errors["deadline"]);
    }

    [Fact]
    public void Every_localizer_reads_the_pages_texts()
    {
        using var services = new ServiceCollection().AddUiLocalization().BuildServiceProvider();
        var texts = services.GetRequiredService<IStringLocalizer<UiLocalizerTests>>();
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal("延期最多只能将期限推后 14 天。", texts["extension.tooFar", "14"].Value);
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("An extension may move the deadline at most 14 days past the current one.", texts["extension.tooFar", "14"].Value);
            Assert.True(texts["no.such.key"].ResourceNotFound);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static async Task<IDictionary<string, string[]>> ValidateInAsync(string culture)
    {
        ValidationExtensions.UseCamelCasePropertyNames();
        using var services = new ServiceCollection().AddUiLocalization().BuildServiceProvider();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            var validator = new RecordFiveFixesRequestValidator(
                services.GetRequiredService<IStringLocalizer<RecordFiveFixesRequest>>(),
                new WorkCalendar(Options.Create(new CalendarOptions { TimeZone = "Asia/Shanghai" })),
                new FakeTimeProvider(Now));
            var request = new RecordFiveFixesRequest(Guid.NewGuid(), "Replace it", " ", "Wang Qiang", YesterdayEvening, "A spare by the door", null!, "en");
            return (await validator.ValidateAsync(request)).ToDictionary();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
