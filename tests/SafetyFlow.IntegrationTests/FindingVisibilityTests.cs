using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Photos;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// A finding or photo the caller may not see answers 404 whatever its state, the same as one that does not exist; only
/// people who may see it are told that they may not act (403) or that its state refuses the action (409).
/// </summary>
public sealed class FindingVisibilityTests : IAsyncLifetime
{
    private static readonly string PhotoFolder = Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"photos-{Guid.NewGuid():N}");
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?> { ["SafetyFlow:Photos:Path"] = PhotoFolder });
    private string _open = "";
    private string _closed = "";

    public async Task InitializeAsync()
    {
        _open = await EscalationTests.RaiseGeneralFindingAsync(_app);
        _closed = await EscalationTests.RaiseGeneralFindingAsync(_app, "member-dorm", "z-dorm-a");
        var closedOwner = (await (await _app.SignInAsync("safety1")).GetJsonAsync($"/api/findings/{_closed}")).GetProperty("owner").GetString()!;
        await (await _app.SignInAsync(closedOwner)).PostJsonAsync($"/api/findings/{_closed}/fix", new { note = "fixed" });
        await (await _app.SignInAsync("sup-dorm")).PostJsonAsync($"/api/findings/{_closed}/approve", new { });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        if (Directory.Exists(PhotoFolder))
        {
            Directory.Delete(PhotoFolder, recursive: true);
        }
    }

    [Theory]
    [InlineData("owner-electric")]
    [InlineData("sup-dorm")]
    [InlineData("member-office")]
    public async Task Someone_who_may_not_see_a_finding_gets_the_same_404_for_it_open_closed_or_missing(string userName)
    {
        var outsider = await _app.SignInAsync(userName);
        var open = await outsider.PostAsync($"/api/findings/{_open}/approve", JsonBody("{}"));
        var missing = await outsider.PostAsync($"/api/findings/{Guid.NewGuid()}/approve", JsonBody("{}"));

        Assert.Equal(HttpStatusCode.NotFound, open.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(await ShapeAsync(missing), await ShapeAsync(open));
        if (userName != "sup-dorm")
        {
            // sup-dorm accepted the closed one and may still see it.
            var closed = await outsider.PostAsync($"/api/findings/{_closed}/approve", JsonBody("{}"));
            Assert.Equal(HttpStatusCode.NotFound, closed.StatusCode);
            Assert.Equal(await ShapeAsync(missing), await ShapeAsync(closed));
        }

        foreach (var action in new[] { "fix", "reject", "extension", "five-fixes", "extension/approve", "extension/decline" })
        {
            var body = action switch
            {
                "fix" => """{ "note": "x" }""",
                "reject" => """{ "reason": "x" }""",
                "extension" => """{ "dueAt": "2026-12-10T18:00:00+08:00", "reason": "x" }""",
                "five-fixes" => """{ "measures": "m", "funds": "f", "responsiblePerson": "p", "deadline": "2026-12-10T18:00:00+08:00", "contingencyPlan": "c" }""",
                _ => "{}",
            };
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsync($"/api/findings/{_open}/{action}", JsonBody(body))).StatusCode);
        }
    }

    [Fact]
    public async Task Someone_who_may_see_a_finding_is_told_why_they_may_not_act()
    {
        // The canteen supervisor sees the open finding: wrong state, 409.
        var supervisor = await _app.SignInAsync("sup-canteen");
        var tooEarly = await supervisor.PostJsonAsync($"/api/findings/{_open}/approve", new { }, HttpStatusCode.Conflict);
        Assert.Contains("Open", tooEarly.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The dormitory supervisor accepted the closed one: they still see it, so a second decision is a 409.
        var again = await (await _app.SignInAsync("sup-dorm")).PostJsonAsync($"/api/findings/{_closed}/approve", new { }, HttpStatusCode.Conflict);
        Assert.Contains("Closed", again.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The owner sees their finding but is no supervisor: 403.
        var owner = await _app.SignInAsync("owner-fire");
        await owner.PostJsonAsync($"/api/findings/{_open}/fix", new { note = "fixed" });
        var refused = await owner.PostJsonAsync($"/api/findings/{_open}/approve", new { }, HttpStatusCode.Forbidden);
        Assert.Equal("Not allowed", refused.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_finding_page_answers_404_to_a_form_posted_by_someone_who_may_not_see_it()
    {
        var outsider = await _app.SignInToPagesAsync("owner-electric");
        var token = await outsider.AntiForgeryTokenAsync("/findings");

        var approve = await outsider.PostAsync($"/findings/{_open}?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
    }

    [Fact]
    public async Task A_photo_of_another_units_finding_is_not_found_for_its_supervisor_and_shown_to_the_owner()
    {
        var photoId = await StoreFixPhotoAsync(_open);
        var owner = await _app.SignInAsync("owner-fire");
        var supervisor = await _app.SignInAsync("sup-canteen");
        var elsewhere = await _app.SignInAsync("sup-dorm");

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/photos/{photoId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/photos/{photoId}?thumb=true")).StatusCode);
        var hidden = await elsewhere.GetAsync($"/photos/{photoId}");
        var missing = await elsewhere.GetAsync($"/photos/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(await ShapeAsync(missing), await ShapeAsync(hidden));
        Assert.Equal(HttpStatusCode.NotFound, (await (await _app.SignInAsync("owner-electric")).GetAsync($"/photos/{photoId}")).StatusCode);
    }

    /// <summary>A fix photo of the finding, stored as the finding page stores one.</summary>
    private async Task<Guid> StoreFixPhotoAsync(string findingId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<PhotoStore>();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var id = Guid.CreateVersion7();
        var image = new StoredImage(id, "image/jpeg", 3, Path.Combine("tests", $"{id:N}.jpg"), Path.Combine("tests", $"{id:N}.thumb.jpg"));
        Directory.CreateDirectory(Path.GetDirectoryName(store.FullPath(image.FilePath))!);
        await File.WriteAllBytesAsync(store.FullPath(image.FilePath), [0xFF, 0xD8, 0xFF]);
        await File.WriteAllBytesAsync(store.FullPath(image.ThumbnailPath), [0xFF, 0xD8, 0xFF]);
        var owner = db.Users.Single(u => u.UserName == "owner-fire");
        db.Photos.Add(Photo.OfFix(Guid.Parse(findingId), 1, image, owner.Id, SafetyFlowApp.Start));
        await db.SaveChangesAsync();
        return id;
    }

    private static StringContent JsonBody(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    /// <summary>What a 404 tells the caller: its status, content type and the problem's fields other than the trace id.</summary>
    private static async Task<string> ShapeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var fields = text.Length == 0
            ? ""
            : string.Join(",", JsonDocument.Parse(text).RootElement.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}"));
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {fields}";
    }
}
