using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;
using SkiaSharp;

namespace SafetyFlow.IntegrationTests;

/// <summary>Photos kept as files in the photo folder (<c>SafetyFlow:Photos:Store</c> = Folder, the default).</summary>
public sealed class FolderPhotoTests() : PhotoTests(PhotoStorage.Folder);

/// <summary>Photos kept in the database (<c>SafetyFlow:Photos:Store</c> = Database), served by every node on it.</summary>
public sealed class DatabasePhotoTests() : PhotoTests(PhotoStorage.Database)
{
    [Fact]
    public async Task A_photo_uploaded_through_one_node_is_served_by_another_that_shares_no_folder_with_it()
    {
        var a = Start(Folder("a"));
        var b = Start(Folder("b"));
        var findingId = await EscalationTests.RaiseGeneralFindingAsync(a);
        var photoId = await SubmitFixWithPhotoAsync(a, findingId);

        var fromA = await (await a.SignInAsync("owner-fire")).GetAsync($"/photos/{photoId}");
        var fromB = await (await b.SignInAsync("sup-canteen")).GetAsync($"/photos/{photoId}");

        Assert.Equal(HttpStatusCode.OK, fromB.StatusCode);
        Assert.Equal(await fromA.Content.ReadAsByteArrayAsync(), await fromB.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, (await (await b.SignInAsync("owner-fire")).GetAsync($"/photos/{photoId}?thumb=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await b.SignInAsync("sup-dorm")).GetAsync($"/photos/{photoId}")).StatusCode);
        Assert.Empty(FilesIn(Folder("a")));
        Assert.Empty(FilesIn(Folder("b")));
    }

    [Fact]
    public async Task Photos_taken_on_the_folder_store_are_copied_into_the_database_when_a_node_starts_on_the_database_store()
    {
        var folder = Folder("install");
        string photoId;
        byte[] original;
        await using (var before = Start(folder, PhotoStorage.Folder))
        {
            var findingId = await EscalationTests.RaiseGeneralFindingAsync(before);
            photoId = await SubmitFixWithPhotoAsync(before, findingId);
            original = await (await before.SignInAsync("owner-fire")).GetByteArrayAsync($"/photos/{photoId}");
        }

        Assert.Equal(1, await CountContentsAsync(Start(folder)));

        // A node that never saw the folder serves the photo from the database.
        var elsewhere = Start(Folder("elsewhere"));
        Assert.Equal(original, await (await elsewhere.SignInAsync("owner-fire")).GetByteArrayAsync($"/photos/{photoId}"));
        Assert.Equal(HttpStatusCode.OK, (await (await elsewhere.SignInAsync("sup-canteen")).GetAsync($"/photos/{photoId}?thumb=true")).StatusCode);
        Assert.Equal(0, await CountMissingContentsAsync(elsewhere));
    }

    [Theory]
    [InlineData("Bucket")]
    [InlineData("7")]
    public async Task A_store_setting_that_names_no_store_stops_start_up_naming_the_setting(string value)
    {
        var (exitCode, message) = await AppProcess.RunToExitAsync(new Dictionary<string, string> { ["SafetyFlow__Photos__Store"] = value });

        Assert.Equal(1, exitCode);
        Assert.Contains("SafetyFlow:Photos:Store", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
    }
}

/// <summary>
/// Photos taken on the finding page (of a fix) and on the checklist page (of a defect): checked, re-encoded, served at
/// full size and as a thumbnail to whoever may see them, not found for anyone else, and never half-stored. Every test
/// runs on each store.
/// </summary>
public abstract partial class PhotoTests(PhotoStorage store) : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"photos-{Guid.NewGuid():N}");
    private readonly string _database = SafetyFlowApp.NewDatabase();
    private readonly List<SafetyFlowApp> _apps = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task A_fix_photo_is_kept_at_1600_pixels_with_a_thumbnail_and_shown_only_to_who_may_see_the_finding()
    {
        var app = Start(Folder("node"));
        var findingId = await EscalationTests.RaiseGeneralFindingAsync(app);
        var photoId = await SubmitFixWithPhotoAsync(app, findingId);

        var owner = await app.SignInAsync("owner-fire");
        var full = await owner.GetAsync($"/photos/{photoId}");
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("image/jpeg", full.Content.Headers.ContentType?.MediaType);
        Assert.True(full.Headers.CacheControl is { Private: true, MaxAge.TotalDays: 1 });
        using (var image = SKBitmap.Decode(await full.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal((1600, 1200), (image.Width, image.Height));
        }

        var supervisor = await app.SignInAsync("sup-canteen");
        var thumbnail = await supervisor.GetAsync($"/photos/{photoId}?thumb=true");
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        using (var image = SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal(320, image.Width);
        }

        var elsewhere = await app.SignInAsync("sup-dorm");
        var hidden = await elsewhere.GetAsync($"/photos/{photoId}");
        var missing = await elsewhere.GetAsync($"/photos/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(await ShapeAsync(missing), await ShapeAsync(hidden));
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignInAsync("owner-electric")).GetAsync($"/photos/{photoId}")).StatusCode);
        await AssertKeptInTheStoreAsync(app, Folder("node"), photos: 1);
    }

    [Fact]
    public async Task A_defect_photo_taken_on_the_checklist_is_shown_to_the_owner_of_the_finding_it_raised()
    {
        var app = Start(Folder("node"));
        var member = await app.SignInToPagesAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(await app.SignInAsync("member-canteen"), "weekly-extinguisher-check", "z-canteen-kitchen");
        var failed = checklist.ItemOf("check", "general");
        using var form = ChecklistForm(checklist.Fail(checklist.Assets[0], failed), await member.AntiForgeryTokenAsync($"/inspections/{checklist.Id}"));
        form.Add(Jpeg(2000, 1500), $"Answers[{AnswerIndex(checklist, checklist.Assets[0], failed)}].Photo", "defect.jpg");

        var submitted = await member.PostAsync($"/inspections/{checklist.Id}", form);

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Contains("done=findings", submitted.Headers.Location?.ToString(), StringComparison.Ordinal);
        var findings = await (await app.SignInAsync("owner-fire")).GetJsonAsync("/api/findings?mine=true");
        var findingId = findings.EnumerateArray().Single().GetProperty("id").GetString()!;
        var page = await (await app.SignInToPagesAsync("owner-fire")).PageAsync($"/findings/{findingId}");
        var photoId = Assert.Single(PhotoIds(page).Distinct());
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignInAsync("owner-fire")).GetAsync($"/photos/{photoId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignInAsync("owner-electric")).GetAsync($"/photos/{photoId}")).StatusCode);
        await AssertKeptInTheStoreAsync(app, Folder("node"), photos: 1);
    }

    [Fact]
    public async Task A_photo_sent_from_the_phone_after_its_answers_joins_its_answer_once_and_only_from_the_member_who_submitted()
    {
        var app = Start(Folder("node"));
        var checklist = await Checklist.OpenAsync(await app.SignInAsync("member-canteen"), "weekly-extinguisher-check", "z-canteen-kitchen");
        var (asset, failed) = (checklist.Assets[0], checklist.ItemOf("check", "general"));
        var member = await app.SignInToPagesAsync("member-canteen");
        var token = await member.AntiForgeryTokenAsync($"/inspections/{checklist.Id}");
        var photo = await Jpeg(2000, 1500).ReadAsByteArrayAsync();

        // Nothing to join before the answers are stored.
        Assert.Equal(HttpStatusCode.Conflict, (await PostPhoneAsync(member, $"/inspections/{checklist.Id}?handler=photo", token, asset, failed, photo)).StatusCode);

        // The page's token answers only with the page's anti-forgery token, and works on the API.
        Assert.Equal(HttpStatusCode.BadRequest, (await member.PostAsync($"/inspections/{checklist.Id}?handler=token", new FormUrlEncodedContent([]))).StatusCode);
        var issued = await member.PostAsync($"/inspections/{checklist.Id}?handler=token", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString());
        await api.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Fail(asset, failed).Body());

        // Sent, then sent again (its answer was lost on the way): kept once.
        var first = await PostPhoneAsync(member, $"/inspections/{checklist.Id}?handler=photo", token, asset, failed, photo);
        var again = await PostPhoneAsync(member, $"/inspections/{checklist.Id}?handler=photo", token, asset, failed, photo);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var photoId = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        Assert.Equal(photoId, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());

        // Not to an item that was not answered, and not from someone who may not see the inspection.
        Assert.Equal(HttpStatusCode.BadRequest, (await PostPhoneAsync(member, $"/inspections/{checklist.Id}?handler=photo", token, asset, "no-such-item", photo)).StatusCode);
        var stranger = await app.SignInToPagesAsync("member-dorm");
        var strangerToken = await stranger.AntiForgeryTokenAsync("/inspections");
        Assert.Equal(HttpStatusCode.NotFound, (await PostPhoneAsync(stranger, $"/inspections/{checklist.Id}?handler=photo", strangerToken, asset, failed, photo)).StatusCode);

        // The owner of the finding sees it.
        var findingId = (await (await app.SignInAsync("owner-fire")).GetJsonAsync("/api/findings?mine=true")).EnumerateArray().Single().GetProperty("id").GetString();
        var page = await (await app.SignInToPagesAsync("owner-fire")).PageAsync($"/findings/{findingId}");
        Assert.Equal(photoId, Assert.Single(PhotoIds(page).Distinct()));
        await AssertKeptInTheStoreAsync(app, Folder("node"), photos: 1);
    }

    private static async Task<HttpResponseMessage> PostPhoneAsync(HttpClient client, string url, string token, string asset, string itemId, byte[] photo)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(asset), "asset" },
            { new StringContent(itemId), "itemId" },
            { WithType(new ByteArrayContent(photo), "image/jpeg"), "photo", "photo.jpg" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = form };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData("notes.txt", "The photo file is not an image, only text.", "Only JPEG or PNG photos are accepted.")]
    [InlineData("huge.jpg", null, "The photo is too large; choose a smaller one.")]
    public async Task A_refused_photo_is_named_on_the_page_and_nothing_of_it_is_kept(string fileName, string? text, string message)
    {
        var app = Start(Folder("node"), settings: new() { ["SafetyFlow:Photos:MaxBytes"] = "65536" });
        var findingId = await EscalationTests.RaiseGeneralFindingAsync(app);
        var owner = await app.SignInToPagesAsync("owner-fire");
        owner.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var upload = text is null ? Noise(512, 512) : new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        Assert.True(text is not null || upload.Headers.ContentLength > 65536);

        var response = await PostFixAsync(owner, findingId, upload, fileName);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal("Open", (await EscalationTests.FindingAsync(app, findingId)).GetProperty("state").GetString());
        await AssertKeptInTheStoreAsync(app, Folder("node"), photos: 0);
    }

    [Fact]
    public async Task A_fix_whose_save_fails_while_its_photo_is_written_leaves_neither_photo_nor_fix()
    {
        // The database refuses the statement that writes the photo's bytes (or, on the folder store, its row), after the
        // files were written and the finding's change was sent in the same transaction.
        var refused = store == PhotoStorage.Database ? "\"PhotoContents\"" : "INSERT INTO \"Photos\"";
        var failing = new RefuseCommand(refused);
        var app = Start(Folder("node"), services: services =>
        {
            TestDatabase.AddInterceptor(services, failing);
        });
        var findingId = await EscalationTests.RaiseGeneralFindingAsync(app);
        var owner = await app.SignInToPagesAsync("owner-fire");
        failing.Armed = true;

        var response = await PostFixAsync(owner, findingId, Jpeg(1200, 900), "fix.jpg");

        failing.Armed = false;
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(1, failing.Refusals);
        Assert.Equal("Open", (await EscalationTests.FindingAsync(app, findingId)).GetProperty("state").GetString());
        await AssertKeptInTheStoreAsync(app, Folder("node"), photos: 0);

        // Nothing was left behind to stand in the way: the same fix goes through now.
        var photoId = await SubmitFixWithPhotoAsync(app, findingId);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignInAsync("owner-fire")).GetAsync($"/photos/{photoId}")).StatusCode);
        await AssertKeptInTheStoreAsync(app, Folder("node"), photos: 1);
    }

    protected string Folder(string name) => Path.Combine(_root, name);

    /// <summary>A node on this test's database with its own photo folder, on the store under test unless told otherwise.</summary>
    protected SafetyFlowApp Start(string folder, PhotoStorage? storage = null, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["SafetyFlow:Photos:Store"] = (storage ?? store).ToString(),
            ["SafetyFlow:Photos:Path"] = folder,
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var app = new SafetyFlowApp(_database, settings: all, services: services);
        _apps.Add(app);
        return app;
    }

    /// <summary>The owner reports the fix with a phone-sized photo on the finding page; the photo's id as the page shows it.</summary>
    protected static async Task<string> SubmitFixWithPhotoAsync(SafetyFlowApp app, string findingId)
    {
        var owner = await app.SignInToPagesAsync("owner-fire");
        var response = await PostFixAsync(owner, findingId, Jpeg(4000, 3000), "fix.jpg");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Assert.Single(PhotoIds(await owner.PageAsync($"/findings/{findingId}")).Distinct());
    }

    protected static IEnumerable<string> FilesIn(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories) : [];

    protected static async Task<int> CountContentsAsync(SafetyFlowApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().PhotoContents.CountAsync();
    }

    protected static async Task<int> CountMissingContentsAsync(SafetyFlowApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        return await db.Photos.CountAsync(p => !db.PhotoContents.Any(c => c.PhotoId == p.Id));
    }

    private static async Task<HttpResponseMessage> PostFixAsync(HttpClient owner, string findingId, HttpContent photo, string fileName)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await owner.AntiForgeryTokenAsync($"/findings/{findingId}")), "__RequestVerificationToken" },
            { new StringContent("new extinguisher mounted"), "note" },
            { photo, "photo", fileName },
        };
        return await owner.PostAsync($"/findings/{findingId}?handler=Fix", form);
    }

    /// <summary>Where the store under test keeps photos, and only there: files in the folder, or rows of bytes.</summary>
    private async Task AssertKeptInTheStoreAsync(SafetyFlowApp app, string folder, int photos)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        Assert.Equal(photos, await db.Photos.CountAsync());
        var (files, contents) = store == PhotoStorage.Folder ? (photos * 2, 0) : (0, photos);
        Assert.Equal(files, FilesIn(folder).Count());
        Assert.Equal(contents, await db.PhotoContents.CountAsync());
    }

    private static MultipartFormDataContent ChecklistForm(Checklist checklist, string token)
    {
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var results = JsonSerializer.SerializeToElement(checklist.Body(), SafetyFlowApp.Json).GetProperty("results");
        var index = 0;
        foreach (var row in results.EnumerateArray())
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

    private static int AnswerIndex(Checklist checklist, string asset, string itemId) =>
        JsonSerializer.SerializeToElement(checklist.Body(), SafetyFlowApp.Json).GetProperty("results").EnumerateArray()
            .Select((row, i) => (row, i))
            .Single(r => r.row.GetProperty("asset").GetString() == asset && r.row.GetProperty("itemId").GetString() == itemId).i;

    private static IEnumerable<string> PhotoIds(string html) => PhotoLink().Matches(html).Select(m => m.Groups[1].Value);

    private static ByteArrayContent Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.OrangeRed);
        using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 80);
        return WithType(new ByteArrayContent(jpeg.ToArray()), "image/jpeg");
    }

    /// <summary>A JPEG of random pixels, which compresses badly: larger than a small byte limit.</summary>
    private static ByteArrayContent Noise(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        var random = new Random(7);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }

        using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        return WithType(new ByteArrayContent(jpeg.ToArray()), "image/jpeg");
    }

    private static ByteArrayContent WithType(ByteArrayContent content, string type)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    /// <summary>What a 404 tells the caller: its status, content type and the problem's fields other than the trace id.</summary>
    private static async Task<string> ShapeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var fields = text.Length == 0
            ? ""
            : string.Join(",", JsonDocument.Parse(text).RootElement.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}"));
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {fields}";
    }

    [GeneratedRegex("/photos/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")]
    private static partial Regex PhotoLink();

    /// <summary>While armed, the database "fails" every statement whose text holds the given words.</summary>
    private sealed class RefuseCommand(string words) : DbCommandInterceptor
    {
        public volatile bool Armed;

        public int Refusals { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Refuse(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Refuse(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Refuse(DbCommand command)
        {
            if (Armed && command.CommandText.Contains(words, StringComparison.Ordinal))
            {
                Refusals++;
                throw new InvalidOperationException($"The database refused: {words}");
            }
        }
    }
}
