using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;
using SkiaSharp;

namespace SafetyFlow.BrowserTests;

/// <summary>
/// A member's past inspections and the record of one, on a phone and a desktop, in Chinese and English: the answers with
/// their photo, the on-site mark, the finding raised, the print view and the PDF.
/// </summary>
public sealed class InspectionRecordPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Zone = "z-canteen-kitchen";

    [Fact]
    public async Task The_member_finds_a_past_inspection_in_the_history_and_reads_its_record_on_a_phone_in_chinese()
    {
        var id = await SubmittedAsync();
        var page = await app.SignInAsync("member-canteen", BrowserApp.Phone, "zh-CN");
        await page.GotoAsync("/inspections/history");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("我的检查记录");
        var card = page.Locator($"li.past-inspection[data-inspection='{id}']");
        await Assertions.Expect(card.Locator(".counts")).ToHaveTextAsync("33 项 · 不合格 1 项 · 照片 1 张");
        await Assertions.Expect(card.Locator(".raised li")).ToHaveCountAsync(1);
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(page));
        await BrowserApp.ScreenshotAsync(page, "inspection-history-phone-zh-CN");

        await card.Locator("a.open-record").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith($"/inspections/{id}/record", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("检查记录 · 每周灭火器检查");
        await Assertions.Expect(page.Locator(".record-summary")).ToContainTextAsync("共 33 项：合格 32 项，不合格 1 项，不适用 0 项；照片 1 张；登记隐患 1 项。");
        await Assertions.Expect(page.Locator("[data-on-site]")).ToHaveTextAsync("无现场扫码记录");
        var failed = page.Locator("li.answer.fail");
        await Assertions.Expect(failed).ToHaveCountAsync(1);
        await Assertions.Expect(failed.Locator(".item-text")).ToHaveTextAsync("灭火器放在指定位置，数量与配置图一致。");
        await Assertions.Expect(failed.Locator("img.thumb")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".record-findings li a")).ToContainTextAsync("一般隐患");
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(page));
        await BrowserApp.ScreenshotAsync(page, "inspection-record-phone-zh-CN");

        // The finding's link opens the finding.
        await page.Locator(".record-findings li a").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/findings/", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("灭火器放在指定位置");
    }

    [Fact]
    public async Task The_supervisor_prints_the_record_and_downloads_its_pdf_on_a_desktop_in_english()
    {
        var id = await SubmittedAsync();
        var page = await app.SignInAsync("sup-canteen", BrowserApp.Desktop, "en-US");
        await page.GotoAsync($"/inspections/{id}");
        await page.Locator("a.open-record").ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Inspection record · Weekly fire extinguisher check");
        await Assertions.Expect(page.Locator("[data-inspector]")).ToContainTextAsync("member-canteen");
        await Assertions.Expect(page.Locator(".record-summary")).ToContainTextAsync("33 answers: 32 pass, 1 fail, 0 N/A; photos: 1; findings raised: 1.");
        await Assertions.Expect(page.Locator("li.answer.fail .note")).ToHaveTextAsync("Note: Extinguisher missing from its bracket.");
        await Assertions.Expect(page.Locator("li.answer[data-item='gauge-pressure'] .value").First).ToHaveTextAsync("Reading: 1.2 MPa");
        await BrowserApp.ScreenshotAsync(page, "inspection-record-desktop");

        // Printed: no top bar and no buttons; the signature line appears.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("header.top")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("[data-print]")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".signature")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "inspection-record-print-desktop");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a.download-pdf").ClickAsync());
        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
        var file = await download.PathAsync();
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(file))[..4]), StringComparison.Ordinal);
    }

    /// <summary>
    /// This week's kitchen extinguisher check, submitted once per app by the member on a phone: "in place" failed on the
    /// first extinguisher with a note and a photo, the rest passed.
    /// </summary>
    private async Task<string> SubmittedAsync()
    {
        var id = await Steps.InspectionIdAsync(app, "member-canteen", Zone, "weekly-extinguisher-check");
        using (var api = await Steps.ApiAsync(app, "member-canteen"))
        {
            if ((await api.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}")).GetProperty("status").GetString() == "submitted")
            {
                return id;
            }
        }

        var member = await app.SignInAsync("member-canteen", BrowserApp.Phone);
        await member.GotoAsync($"/inspections/{id}");
        var inPlace = member.Locator("fieldset[data-asset='ext-ck-01'][data-item='in-place']");
        await inPlace.Locator("label.outcome.fail").ClickAsync();
        await inPlace.Locator("textarea").FillAsync("Extinguisher missing from its bracket.");
        await inPlace.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "missing.png", MimeType = "image/png", Buffer = Images.Png(SKColors.IndianRed) });
        foreach (var asset in new[] { "ext-ck-01", "ext-ck-02", "ext-ck-03" })
        {
            await member.Locator($"fieldset[data-asset='{asset}'][data-item='gauge-pressure'] input[inputmode=decimal]").FillAsync("1.2");
        }

        await member.ClickAsync("button.mark-pass");
        await member.ClickAsync("button[type=submit].primary");
        await Assertions.Expect(member.Locator(".flash")).ToContainTextAsync("each failure is registered as a finding");
        await Assertions.Expect(member.Locator("img.thumb")).ToHaveCountAsync(1);
        await member.Context.CloseAsync();
        return id;
    }
}
