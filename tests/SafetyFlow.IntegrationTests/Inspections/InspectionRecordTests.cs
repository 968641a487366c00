using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Features.Inspections;
using SkiaSharp;

namespace SafetyFlow.IntegrationTests.Inspections;

/// <summary>
/// The record of one inspection, as a page, as JSON and as PDF: who did it, when, on site, every answer with its photos,
/// the findings it raised, in the reader's language; and who may read it.
/// </summary>
public sealed class InspectionRecordTests : IAsyncLifetime
{
    private const string Zone = "z-canteen-kitchen";
    private const string InPlaceZh = "灭火器放在指定位置，数量与配置图一致。";
    private const string InPlaceEn = "The extinguisher is at its marked place and the count matches the layout plan.";
    private const string Note = "挂钩松动 bracket loose";

    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    private string _inspectionId = "";
    private string _findingId = "";
    private string _asset = "";

    public async Task InitializeAsync()
    {
        // The member scans the zone sign, then fails "in place" on the first extinguisher with a note and a photo.
        var member = await _app.SignInAsync("member-canteen");
        var token = _app.Services.GetRequiredService<ZoneSigns>().Token(Zone);
        await member.PostJsonAsync("/api/arrivals", new { zone = Zone, token });
        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", Zone);
        _inspectionId = checklist.Id;
        _asset = checklist.Assets[0];
        checklist.Fail(_asset, "in-place", Note);
        var pages = await _app.SignInToPagesAsync("member-canteen");
        using var form = ChecklistForm(checklist, await pages.AntiForgeryTokenAsync($"/inspections/{checklist.Id}"));
        form.Add(Jpeg(), $"Answers[{AnswerIndex(checklist, _asset, "in-place")}].Photo", "defect.jpg");
        var submitted = await pages.PostAsync($"/inspections/{checklist.Id}", form);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        _findingId = (await (await _app.SignInAsync("owner-fire")).GetJsonAsync("/api/findings?mine=true")).EnumerateArray().Single().GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_record_names_the_inspector_the_time_the_arrival_every_answer_its_photo_and_the_finding_raised()
    {
        var record = await (await _app.SignInAsync("member-canteen")).GetJsonAsync($"/api/inspections/{_inspectionId}/record");

        Assert.Equal("member-canteen", record.GetProperty("inspector").GetProperty("userName").GetString());
        Assert.Equal("赵敏", record.GetProperty("inspector").GetProperty("displayName").GetString());
        Assert.Equal(SafetyFlowApp.Start, record.GetProperty("submittedAt").GetDateTimeOffset());
        Assert.Equal("+08:00", record.GetProperty("submittedAt").GetString()![^6..]);
        Assert.True(record.GetProperty("visit").GetProperty("onSite").GetBoolean());
        var assets = record.GetProperty("assets").EnumerateArray().ToList();
        Assert.Equal(3, assets.Count);
        Assert.All(assets, a => Assert.Equal(11, a.GetProperty("answers").GetArrayLength()));
        var failed = assets.SelectMany(a => a.GetProperty("answers").EnumerateArray()).Single(a => a.GetProperty("outcome").GetString() == "fail");
        Assert.Equal("in-place", failed.GetProperty("itemId").GetString());
        Assert.Equal(Note, failed.GetProperty("note").GetString());
        Assert.Single(failed.GetProperty("photos").EnumerateArray());
        var reading = assets[0].GetProperty("answers").EnumerateArray().Single(a => a.GetProperty("itemId").GetString() == "gauge-pressure");
        Assert.Equal("1.2 MPa", reading.GetProperty("reading").GetString());
        Assert.Equal(1, record.GetProperty("photoCount").GetInt32());
        Assert.Equal(33, record.GetProperty("answerCount").GetInt32());
        var finding = Assert.Single(record.GetProperty("findings").EnumerateArray());
        Assert.Equal(_findingId, finding.GetProperty("id").GetString());
        Assert.Equal("Open", finding.GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_page_shows_the_record_in_english_and_in_chinese_with_the_photo_the_on_site_mark_and_a_link_to_the_finding()
    {
        var pages = await _app.SignInToPagesAsync("member-canteen");

        var english = await PageInAsync(pages, "en");
        Assert.Contains(InPlaceEn, english, StringComparison.Ordinal);
        Assert.DoesNotContain(InPlaceZh, english, StringComparison.Ordinal);
        Assert.Contains("Inspected by", english, StringComparison.Ordinal);
        Assert.Contains("赵敏 <small>(member-canteen)</small>", english, StringComparison.Ordinal);
        Assert.Contains("data-on-site=\"true\">Done on site: arrived 2026-11-23 09:00", english, StringComparison.Ordinal);
        Assert.Contains("33 answers: 32 pass, 1 fail, 0 N/A; photos: 1; findings raised: 1.", english, StringComparison.Ordinal);
        Assert.Contains(Note, english, StringComparison.Ordinal);
        Assert.Contains("Reading: 1.2 MPa", english, StringComparison.Ordinal);
        Assert.Equal(["1"], PageClients.AttributeValues(english, "data-photos"));
        Assert.Equal(["1"], PageClients.AttributeValues(english, "data-photo-count"));
        Assert.Contains("Photos: 1", english, StringComparison.Ordinal);
        Assert.Contains($"href=\"/findings/{_findingId}\"", english, StringComparison.Ordinal);
        Assert.Contains("?thumb=true", english, StringComparison.Ordinal);

        var chinese = await PageInAsync(pages, "zh-CN");
        Assert.Contains(InPlaceZh, chinese, StringComparison.Ordinal);
        Assert.Contains("检查人", chinese, StringComparison.Ordinal);
        Assert.Contains("现场检查：2026-11-23 09:00 扫码到达", chinese, StringComparison.Ordinal);
        Assert.Contains("共 33 项：合格 32 项，不合格 1 项，不适用 0 项；照片 1 张；登记隐患 1 项。", chinese, StringComparison.Ordinal);
        Assert.Contains("照片 1 张", chinese, StringComparison.Ordinal);
        Assert.Contains("待整改", chinese, StringComparison.Ordinal);
        Assert.DoesNotContain(InPlaceEn, chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pdf_holds_the_answers_photo_count_finding_and_on_site_mark_in_the_language_asked_for()
    {
        var api = await _app.SignInAsync("safety1");
        api.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var english = await PdfAsync(await api.GetAsync($"/api/inspections/{_inspectionId}/record.pdf"));

        Assert.Contains("Inspection record · Weekly fire extinguisher check", english, StringComparison.Ordinal);
        Assert.Contains("Inspected by: 赵敏 (member-canteen)", english, StringComparison.Ordinal);
        Assert.Contains("Submitted: 2026-11-23 09:00 (Asia/Shanghai)", english, StringComparison.Ordinal);
        Assert.Contains("Done on site: arrived 2026-11-23 09:00 (sign scanned)", english, StringComparison.Ordinal);
        Assert.Contains("33 answers: 32 pass, 1 fail, 0 N/A; photos: 1; findings raised: 1.", english, StringComparison.Ordinal);
        Assert.Contains($"[Fail] {InPlaceEn}", english, StringComparison.Ordinal);
        Assert.Contains($"Note: {Note}", english, StringComparison.Ordinal);
        Assert.Contains("Reading: 1.2 MPa", english, StringComparison.Ordinal);
        Assert.Contains("Photos: 1", english, StringComparison.Ordinal);
        Assert.Contains($"/findings/{_findingId}", english, StringComparison.Ordinal);
        Assert.Contains("Findings raised (1)", english, StringComparison.Ordinal);
        Assert.Contains("Page 1 of", english, StringComparison.Ordinal);
        Assert.DoesNotContain(InPlaceZh, english, StringComparison.Ordinal);

        // On the page, the language chosen with the switch wins over the saved one and the browser's.
        var pages = await _app.SignInToPagesAsync("admin");
        await SwitchLanguageAsync(pages, "zh-CN");
        await (await _app.SignInAsync("admin")).PutAsJsonAsync("/api/me/preferences", new { language = "en", notifyByEmail = true });
        pages.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var chinese = await PdfAsync(await pages.GetAsync($"/inspections/{_inspectionId}/record?handler=pdf"));
        Assert.Contains("检查记录 · 每周灭火器检查", chinese, StringComparison.Ordinal);
        Assert.Contains("检查人：赵敏（member-canteen）", chinese, StringComparison.Ordinal);
        Assert.Contains("提交时间：2026-11-23 09:00（Asia/Shanghai）", chinese, StringComparison.Ordinal);
        Assert.Contains("现场检查：2026-11-23 09:00 扫码到达", chinese, StringComparison.Ordinal);
        Assert.Contains($"[不合格] {InPlaceZh}", chinese, StringComparison.Ordinal);
        Assert.Contains("照片 1 张", chinese, StringComparison.Ordinal);
        Assert.Contains("登记的隐患（1）", chinese, StringComparison.Ordinal);
        Assert.Contains("第 1 页，共", chinese, StringComparison.Ordinal);
        Assert.DoesNotContain(InPlaceEn, chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_choice_on_the_page_the_pdf_follows_the_readers_saved_language_not_the_browser()
    {
        // The supervisor's saved language is English; the browser asks for Chinese.
        var pages = await _app.SignInToPagesAsync("sup-canteen");
        pages.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));

        var text = await PdfAsync(await pages.GetAsync($"/inspections/{_inspectionId}/record?handler=pdf"));

        Assert.Contains(InPlaceEn, text, StringComparison.Ordinal);
        Assert.DoesNotContain(InPlaceZh, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("member-dorm")]
    [InlineData("sup-dorm")]
    [InlineData("owner-fire")]
    public async Task Someone_outside_the_inspections_scope_gets_404_for_the_record_its_pdf_and_its_page(string userName)
    {
        var api = await _app.SignInAsync(userName);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/inspections/{_inspectionId}/record")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/inspections/{_inspectionId}/record.pdf")).StatusCode);
        var pages = await _app.SignInToPagesAsync(userName);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync($"/inspections/{_inspectionId}/record")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync($"/inspections/{_inspectionId}/record?handler=pdf")).StatusCode);
    }

    [Theory]
    [InlineData("sup-canteen")]
    [InlineData("leader1")]
    [InlineData("safety1")]
    [InlineData("admin")]
    public async Task The_zones_supervisors_the_safety_office_and_admins_read_the_record(string userName)
    {
        var record = await (await _app.SignInAsync(userName)).GetJsonAsync($"/api/inspections/{_inspectionId}/record");
        Assert.Equal(_inspectionId, record.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, (await (await _app.SignInToPagesAsync(userName)).GetAsync($"/inspections/{_inspectionId}/record")).StatusCode);
    }

    [Fact]
    public async Task An_inspection_not_yet_submitted_has_no_record()
    {
        var member = await _app.SignInAsync("member-canteen");
        var open = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-hall");

        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/inspections/{open.Id}/record")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/inspections/{open.Id}/record.pdf")).StatusCode);
    }

    private async Task<string> PageInAsync(HttpClient pages, string language)
    {
        await SwitchLanguageAsync(pages, language);
        return await pages.PageAsync($"/inspections/{_inspectionId}/record");
    }

    /// <summary>The language switch in the top bar, as a person uses it: the choice is kept in a cookie and saved with them.</summary>
    internal static async Task SwitchLanguageAsync(HttpClient pages, string culture)
    {
        var switched = await pages.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await pages.AntiForgeryTokenAsync("/notifications"),
            ["culture"] = culture,
            ["returnUrl"] = "/notifications",
        }));
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
    }

    private static async Task<string> PdfAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        return await PdfText.ReadAsync(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The checklist as the page's form posts it.</summary>
    internal static MultipartFormDataContent ChecklistForm(Checklist checklist, string token)
    {
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var index = 0;
        foreach (var row in JsonSerializer.SerializeToElement(checklist.Body(), SafetyFlowApp.Json).GetProperty("results").EnumerateArray())
        {
            foreach (var (field, name) in new[] { ("asset", "Asset"), ("itemId", "ItemId"), ("outcome", "Outcome"), ("value", "Value"), ("note", "Note") })
            {
                if (row.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null)
                {
                    form.Add(new StringContent(value.ToString()), $"Answers[{index}].{name}");
                }
            }

            index++;
        }

        return form;
    }

    internal static int AnswerIndex(Checklist checklist, string asset, string itemId) =>
        JsonSerializer.SerializeToElement(checklist.Body(), SafetyFlowApp.Json).GetProperty("results").EnumerateArray()
            .Select((row, i) => (row, i))
            .Single(r => r.row.GetProperty("asset").GetString() == asset && r.row.GetProperty("itemId").GetString() == itemId).i;

    internal static ByteArrayContent Jpeg()
    {
        using var bitmap = new SKBitmap(800, 600);
        bitmap.Erase(SKColors.OrangeRed);
        using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 80);
        var content = new ByteArrayContent(jpeg.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return content;
    }
}
