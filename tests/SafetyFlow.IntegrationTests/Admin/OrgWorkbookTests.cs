using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Features.Org;

namespace SafetyFlow.IntegrationTests.Admin;

/// <summary>
/// The organisation as an Excel template, and its upload at /admin through the same import as JSON: every error of a
/// file in one pass, named by sheet, row and column.
/// </summary>
public sealed class OrgWorkbookTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());
    private HttpClient _admin = null!;

    public async Task InitializeAsync() => _admin = await _app.SignInAsync("admin");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_template_holds_the_organisation_and_uploaded_unchanged_imports_it_as_it_is()
    {
        var template = await _admin.GetAsync("/api/org/template.xlsx");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal(OrgWorkbook.ContentType, template.Content.Headers.ContentType?.MediaType);
        var bytes = await template.Content.ReadAsByteArrayAsync();
        var read = OrgWorkbook.Read(new MemoryStream(bytes));
        Assert.Empty(read.Problems);
        Assert.Equal(4, read.Document.Units!.Count);
        Assert.Contains(read.Document.Users!, u => u.UserName == "member-office" && u.Roles!.SequenceEqual(["Member", "Owner"]));
        Assert.Contains(read.Document.Zones!, z => z.Key == "z-canteen-kitchen" && z.Member == "member-canteen");
        var assets = read.Document.Assets!.Count;

        var pages = await _app.SignInToPagesAsync("admin", language: "en");
        var fromPage = await pages.GetAsync("/admin?handler=Template");
        Assert.Equal(OrgWorkbook.ContentType, fromPage.Content.Headers.ContentType?.MediaType);

        var html = await UploadAsync(pages, bytes);
        Assert.Contains($"Imported: 4 units, 12 people, 4 zones, {assets} assets.", html);
        var again = OrgWorkbook.Read(new MemoryStream(await _admin.GetByteArrayAsync("/api/org/template.xlsx")));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(read.Document), System.Text.Json.JsonSerializer.Serialize(again.Document));

        // The people keep their passwords: the template leaves them empty.
        await _app.SignInAsync("member-office");
    }

    [Fact]
    public async Task Every_error_of_a_filled_workbook_is_reported_at_once_by_sheet_row_and_column_and_nothing_is_stored()
    {
        var read = OrgWorkbook.Read(new MemoryStream(await _admin.GetByteArrayAsync("/api/org/template.xlsx")));
        var document = read.Document with
        {
            Users = [.. read.Document.Users!, new UserRow("zhao.lei", "", null, "bad-address", "Start!2026x", ["Member"], "u-9", "en")],
            Zones = [.. read.Document.Zones!, new ZoneRow("z-new", "新区域", "canteen-1", "nobody", null)],
            Assets = [.. read.Document.Assets!, new AssetRow("ext-new", "新灭火器", "boiler", "z-9", "owner-fire", null)],
        };
        var peopleRow = document.Users.Count + 1;
        var zoneRow = document.Zones.Count + 1;
        var assetRow = document.Assets.Count + 1;

        var html = await UploadAsync(await _app.SignInToPagesAsync("admin", language: "en"), OrgWorkbook.Write(document));
        Assert.Contains("The file has errors; nothing was stored:", html);
        Assert.Contains($"people row {peopleRow}, displayName", html);
        Assert.Contains($"people row {peopleRow}, email", html);
        Assert.Contains($"people row {peopleRow}, unit", html);
        Assert.Contains("Unit 'u-9' is neither in this document nor stored.", html);
        Assert.Contains($"zones row {zoneRow}, member", html);
        Assert.Contains($"assets row {assetRow}, type", html);
        Assert.Contains($"assets row {assetRow}, zone", html);
        var stored = OrgWorkbook.Read(new MemoryStream(await _admin.GetByteArrayAsync("/api/org/template.xlsx"))).Document;
        Assert.DoesNotContain(stored.Users!, u => u.UserName == "zhao.lei");
        Assert.DoesNotContain(stored.Zones!, z => z.Key == "z-new");
    }

    [Fact]
    public async Task A_json_document_with_shape_and_reference_errors_gets_them_all_in_one_answer()
    {
        var problem = await (await _admin.PostAsJsonAsync("/api/org/import", new
        {
            users = new object[] { new { userName = "a b", displayName = "x", roles = new[] { "Member" }, unit = "svc", password = "Start!2026x" } },
            zones = new object[] { new { key = "z-x", name = "x", unit = "u-9", member = "member-canteen" } },
        })).ReadJsonAsync(HttpStatusCode.BadRequest);
        var errors = problem.Errors();
        Assert.Contains("users[0].userName", errors.Keys);
        Assert.Contains("zones[0].unit", errors.Keys);
        Assert.Contains("nothing was stored", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_is_refused_on_the_page()
    {
        var html = await UploadAsync(await _app.SignInToPagesAsync("admin", language: "zh-CN"), [(byte)'P', (byte)'K', 1, 2, 3], "broken.xlsx");
        Assert.Contains("文件不是有效的 Excel 工作簿（.xlsx）。", html);
    }

    private static async Task<string> UploadAsync(HttpClient pages, byte[] file, string name = "organisation.xlsx")
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await pages.AntiForgeryTokenAsync("/admin")), "__RequestVerificationToken" },
        };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(OrgWorkbook.ContentType);
        form.Add(content, "document", name);
        var response = await pages.PostAsync("/admin", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
