using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>
/// Readings typed as people type them, on a phone and a desktop, in Chinese and in English: <c>45,5</c> and <c>45.5</c>
/// are both 45.5, live and once stored.
/// </summary>
public sealed partial class ReadingInputTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData("phone", "zh-CN", "member-canteen", "z-canteen-kitchen")]
    [InlineData("phone", "en-US", "member-dorm", "z-dorm-a")]
    [InlineData("desktop", "zh-CN", "member-office", "z-office-2f")]
    [InlineData("desktop", "en-US", "member-canteen", "z-canteen-hall")]
    public async Task A_reading_typed_with_a_comma_or_a_point_passes_within_its_limits_and_is_stored_as_45_point_5(
        string size, string locale, string member, string zone)
    {
        var text = ReadingTexts.For(locale);
        var id = await Steps.InspectionIdAsync(app, member, zone, "weekly-electrical-check");
        var page = await app.SignInAsync(member, size == "phone" ? BrowserApp.Phone : BrowserApp.Desktop, locale);
        await page.GotoAsync($"/inspections/{id}");

        // Surface temperature: at most 60 °C. 455 would be a major finding; 45.5 is a pass.
        var readings = page.Locator("fieldset[data-item='surface-temperature']");
        var count = await readings.CountAsync();
        Assert.InRange(count, 1, 2);
        var first = readings.First;
        await first.Locator("input[inputmode=decimal]").PressSequentiallyAsync("455");
        await Assertions.Expect(first.Locator("input[type=radio][value=fail]")).ToBeCheckedAsync();
        await Assertions.Expect(first.Locator(".limit-warning")).ToHaveTextAsync(text.OutOfLimits);

        string[] typed = ["45,5", "45.5"];
        for (var i = 0; i < count; i++)
        {
            var item = readings.Nth(i);
            var input = item.Locator("input[inputmode=decimal]");
            await input.FillAsync("");
            await input.PressSequentiallyAsync(typed[i]);
            await Assertions.Expect(item.Locator("input[type=radio][value=pass]")).ToBeCheckedAsync();
            await Assertions.Expect(item.Locator("input[type=radio][value=fail]")).Not.ToBeCheckedAsync();
            await Assertions.Expect(item.Locator(".limit-warning")).ToHaveTextAsync("");
            await Assertions.Expect(input).Not.ToHaveClassAsync(OutOfLimitsOrRefused());
        }

        await first.ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(page, $"reading-comma-{size}-{locale}", fullPage: false);
        await page.ClickAsync("button.mark-pass");
        await page.ClickAsync("button[type=submit].primary");

        await Assertions.Expect(page.Locator(".flash")).ToHaveTextAsync(text.SubmittedClean);
        await Assertions.Expect(page.Locator(".results .value")).ToHaveTextAsync(Enumerable.Repeat("45.5 °C", count).ToArray());
        using var api = await Steps.ApiAsync(app, member);
        var stored = await api.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}");
        var temperatures = stored.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("itemId").GetString() == "surface-temperature").ToList();
        Assert.Equal(count, temperatures.Count);
        Assert.All(temperatures, r => Assert.Equal(45.5m, r.GetProperty("value").GetDecimal()));
        Assert.All(temperatures, r => Assert.Equal("pass", r.GetProperty("outcome").GetString()));
        Assert.Empty(await FindingsOfAsync(zone, id));
    }

    [Fact]
    public async Task A_reading_typed_with_a_comma_outside_its_limits_turns_to_fail_and_its_finding_records_45_point_5()
    {
        var text = ReadingTexts.For("zh-CN");
        var id = await Steps.InspectionIdAsync(app, "member-canteen", "z-canteen-kitchen", "weekly-food-safety-check");
        var page = await app.SignInAsync("member-canteen", BrowserApp.Phone, "zh-CN");
        await page.GotoAsync($"/inspections/{id}");
        await ReadingSheet.FillWithinLimitsAsync(page);

        // Hot holding: at least 60 °C. 455 would pass; 45.5 is a failure.
        var hot = page.Locator("fieldset[data-item='hot-holding-temperature']").First;
        var asset = await hot.GetAttributeAsync("data-asset");
        await hot.Locator("input[inputmode=decimal]").FillAsync("");
        await hot.Locator("input[inputmode=decimal]").PressSequentiallyAsync("45,5");
        await Assertions.Expect(hot.Locator("input[type=radio][value=fail]")).ToBeCheckedAsync();
        await Assertions.Expect(hot.Locator(".limit-warning")).ToHaveTextAsync(text.OutOfLimits);
        await Assertions.Expect(hot.Locator("input[inputmode=decimal]")).ToHaveClassAsync(OutOfLimitsOrRefused());
        await hot.Locator("textarea").FillAsync("保温柜温度偏低。");
        await hot.ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(page, "reading-comma-fails-phone-zh-CN", fullPage: false);

        await page.ClickAsync("button.mark-pass");
        await page.ClickAsync("button[type=submit].primary");
        await Assertions.Expect(page.Locator(".flash")).ToHaveTextAsync(text.SubmittedWithFindings);

        var finding = Assert.Single(await FindingsOfAsync("z-canteen-kitchen", id));
        Assert.Equal("hot-holding-temperature", finding.GetProperty("itemId").GetString());
        Assert.Equal(asset, finding.GetProperty("asset").GetString());
        Assert.Equal(45.5m, finding.GetProperty("value").GetDecimal());
        using var api = await Steps.ApiAsync(app, "member-canteen");
        var results = (await api.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}")).GetProperty("results").EnumerateArray().ToList();
        var fridge = results.First(r => r.GetProperty("itemId").GetString() == "fridge-temperature");
        Assert.Equal(4.5m, fridge.GetProperty("value").GetDecimal());
        Assert.Equal("pass", fridge.GetProperty("outcome").GetString());
        Assert.All(results.Where(r => r.GetProperty("itemId").GetString() == "freezer-temperature"), r => Assert.Equal(-18.5m, r.GetProperty("value").GetDecimal()));
    }

    private async Task<List<JsonElement>> FindingsOfAsync(string zone, string inspectionId)
    {
        using var office = await Steps.ApiAsync(app, "safety1");
        var findings = await office.GetFromJsonAsync<JsonElement>($"/api/findings?zone={zone}&limit=1000");
        return findings.EnumerateArray().Where(f => f.GetProperty("inspectionId").GetString() == inspectionId).ToList();
    }

    [GeneratedRegex("out-of-limits|refused")]
    internal static partial Regex OutOfLimitsOrRefused();
}

/// <summary>Nonsense in a reading is refused at its item, in the page's language, and every other answer is kept.</summary>
public sealed class ReadingRefusalTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task A_reading_that_is_not_a_number_is_refused_at_its_item_and_the_other_answers_are_kept(string locale)
    {
        var text = ReadingTexts.For(locale);
        var id = await Steps.InspectionIdAsync(app, "member-canteen", "z-canteen-kitchen", "weekly-food-safety-check");
        var page = await app.SignInAsync("member-canteen", BrowserApp.Phone, locale);
        await page.GotoAsync($"/inspections/{id}");
        await ReadingSheet.FillWithinLimitsAsync(page);

        var certificates = page.Locator("fieldset[data-item='health-certificates']").First;
        await certificates.Locator("label.outcome.fail").ClickAsync();
        await certificates.Locator("textarea").FillAsync("Two certificates expired.");
        var hot = page.Locator("fieldset[data-item='hot-holding-temperature']").First;
        await hot.Locator("input[inputmode=decimal]").FillAsync("");
        await hot.Locator("input[inputmode=decimal]").PressSequentiallyAsync("45,5");

        // Refused as typed: not a number, grouped thousands, a comma that could group thousands.
        var (fridge, freezer, core) = (Item(page, "fridge-temperature"), Item(page, "freezer-temperature"), Item(page, "core-temperature"));
        await TypeAsync(fridge, "abc");
        await TypeAsync(freezer, "1,234.5");
        await TypeAsync(core, "1,234");
        await Assertions.Expect(fridge.Locator(".limit-warning")).ToHaveTextAsync(text.NotANumber);
        await Assertions.Expect(freezer.Locator(".limit-warning")).ToHaveTextAsync(text.NotANumber);
        await Assertions.Expect(core.Locator(".limit-warning")).ToHaveTextAsync(text.AmbiguousComma);
        await Assertions.Expect(fridge.Locator("input[type=radio][value=pass]")).Not.ToBeCheckedAsync();
        await Assertions.Expect(fridge.Locator("input[inputmode=decimal]")).ToHaveClassAsync(ReadingInputTests.OutOfLimitsOrRefused());

        await page.ClickAsync("button.mark-pass");
        await page.ClickAsync("button[type=submit].primary");

        // The server says it at each item, in the page's language, and keeps what was typed.
        await Assertions.Expect(page.Locator("p.error[role=alert]:not(.item-error)").First).ToHaveTextAsync(text.FixErrors);
        await Assertions.Expect(page.Locator("fieldset.item.has-error")).ToHaveCountAsync(3);
        await Assertions.Expect(Item(page, "fridge-temperature").Locator(".item-error")).ToHaveTextAsync(text.NotANumber);
        await Assertions.Expect(Item(page, "freezer-temperature").Locator(".item-error")).ToHaveTextAsync(text.NotANumber);
        await Assertions.Expect(Item(page, "core-temperature").Locator(".item-error")).ToHaveTextAsync(text.AmbiguousComma);
        await Assertions.Expect(Item(page, "fridge-temperature").Locator("input[inputmode=decimal]")).ToHaveValueAsync("abc");
        await Assertions.Expect(Item(page, "core-temperature").Locator("input[inputmode=decimal]")).ToHaveValueAsync("1,234");
        var hotAgain = page.Locator("fieldset[data-item='hot-holding-temperature']").First;
        await Assertions.Expect(hotAgain.Locator("input[inputmode=decimal]")).ToHaveValueAsync("45,5");
        await Assertions.Expect(hotAgain.Locator("input[type=radio][value=fail]")).ToBeCheckedAsync();
        var certificatesAgain = page.Locator("fieldset[data-item='health-certificates']").First;
        await Assertions.Expect(certificatesAgain.Locator("textarea")).ToHaveValueAsync("Two certificates expired.");
        await Assertions.Expect(certificatesAgain.Locator("input[type=radio][value=fail]")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("fieldset[data-item='pest-control'] input[type=radio][value=pass]").First).ToBeCheckedAsync();

        await Item(page, "fridge-temperature").ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(page, $"reading-refused-phone-{locale}", fullPage: false);
        using var api = await Steps.ApiAsync(app, "member-canteen");
        var inspection = await api.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}");
        Assert.Equal(JsonValueKind.Null, inspection.GetProperty("submittedAt").ValueKind);
    }

    private static ILocator Item(IPage page, string itemId) => page.Locator($"fieldset[data-item='{itemId}']").First;

    private static async Task TypeAsync(ILocator item, string typed)
    {
        var input = item.Locator("input[inputmode=decimal]");
        await input.FillAsync("");
        await input.PressSequentiallyAsync(typed);
    }
}

/// <summary>The reading texts a member sees, in the page's language.</summary>
internal sealed record ReadingTexts(string OutOfLimits, string NotANumber, string AmbiguousComma, string FixErrors, string SubmittedClean, string SubmittedWithFindings)
{
    public static ReadingTexts For(string locale) => locale.StartsWith("zh", StringComparison.Ordinal)
        ? new("超出限值，记为不合格。", "读数必须是一个数字，例如 45.5 或 45,5，不带千位分隔符。", "逗号后跟三位数字，分不清是小数点还是千位分隔符。请写成 1.234 或 1234。",
            "有些项目需要修改，未保存任何内容。请查看下方标出的项目。", "检查已提交，全部合格。", "检查已提交，不合格项已登记为隐患并通知责任人。")
        : new("Outside the limits: marked as a failure.", "The reading must be a number, such as 45.5 or 45,5, without thousands separators.",
            "A comma followed by three digits could be a decimal point or a thousands separator: type 1.234 or 1234.",
            "Some items need attention; nothing was stored. See the marked items below.", "Inspection submitted: everything passed.",
            "Inspection submitted; each failure is registered as a finding and its owner is told.");
}

/// <summary>Fills every reading of the food safety checklist within its limits, with commas and points mixed.</summary>
internal static class ReadingSheet
{
    private static readonly Dictionary<string, string> WithinLimits = new()
    {
        ["fridge-temperature"] = "4,5",
        ["freezer-temperature"] = "-18,5",
        ["core-temperature"] = "75.5",
        ["hot-holding-temperature"] = "65,0",
    };

    public static async Task FillWithinLimitsAsync(IPage page)
    {
        foreach (var (item, value) in WithinLimits)
        {
            foreach (var input in await page.Locator($"fieldset[data-item='{item}'] input[inputmode=decimal]").AllAsync())
            {
                await input.FillAsync(value);
            }
        }
    }
}
