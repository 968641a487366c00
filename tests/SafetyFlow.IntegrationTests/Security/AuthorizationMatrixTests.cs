using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Photos;

namespace SafetyFlow.IntegrationTests.Security;

/// <summary>
/// Every route of the API and every page, asked by every kind of caller, with the answer each must get, in one table.
/// A route the app maps without a row here fails the test, so a new route cannot ship without saying who may call it.
/// </summary>
/// <remarks>
/// The callers: the member who raised a canteen finding, its owner, the canteen's supervisor, the dormitory's supervisor,
/// the safety office, an admin, nobody signed in, and a person deactivated after signing in (their token and cookie in
/// hand). Bodies are valid, so a refusal is about the caller, not the input; each lifecycle action is asked of a finding
/// in the state it needs. Answers: a status code, <c>login</c> (a page sends the caller to sign in) or <c>denied</c> (a
/// page refuses the role). Pages are asked with GET; their forms post to the same use cases as the API.
/// </remarks>
public sealed class AuthorizationMatrixTests : IClassFixture<AuthorizationMatrixTests.World>
{
    private static readonly string[] Callers = ["member", "owner", "supervisor", "other-supervisor", "office", "admin", "signed-out", "deactivated"];

    // route                                                       member owner  sup    other  office admin  out    gone
    private static readonly Row[] Matrix =
    [
        new("POST /api/auth/token",                               "200    200    200    200    200    200    200    200", Body: w => new { userName = "member-office", password = SafetyFlowApp.DemoPassword }),
        new("GET /api/time",                                      "200    200    200    200    200    200    200    200"),
        new("POST /api/people/{userName}/deactivate",             "403    403    403    403    403    200    401    401"),
        new("POST /api/people/{userName}/activate",               "403    403    403    403    403    200    401    401"),
        new("POST /api/org/import",                               "403    403    403    403    403    200    401    401", Body: w => new { units = Array.Empty<object>() }),
        new("POST /api/people",                                   "403    403    403    403    403    201    401    401", Body: w => new { userName = "new-hire", displayName = "New Hire", unit = "office", roles = new[] { "Member" }, language = "en", password = "Start!2026x" }),
        new("PUT /api/people/{userName}",                         "403    403    403    403    403    200    401    401", Body: w => new { displayName = "Office Member", unit = "office", roles = new[] { "Member", "Owner" }, language = "zh-CN" }),
        new("GET /api/org/template.xlsx",                         "403    403    403    403    403    200    401    401"),
        new("PUT /api/org/units/{key}",                           "403    403    403    403    403    200    401    401", Body: w => new { name = "一号食堂 Canteen 1", parent = "svc" }, Path: w => "/api/org/units/canteen-1"),
        new("PUT /api/org/zones/{key}",                           "403    403    403    403    403    200    401    401", Body: w => new { name = "一号食堂后厨 Canteen 1 kitchen", unit = "canteen-1", member = "member-canteen" }),
        new("PUT /api/org/assets/{key}",                          "403    403    403    403    403    200    401    401", Body: w => new { name = "ext-ck-01", type = "extinguisher", zone = "z-canteen-kitchen", owner = "owner-fire" }, Path: w => "/api/org/assets/ext-ck-01"),
        new("GET /api/workflows",                                 "200    200    200    200    200    200    401    401"),
        new("GET /api/workflows/{id}",                            "200    200    200    200    200    200    401    401", Path: w => "/api/workflows/rectification"),
        new("POST /api/rounds",                                   "403    403    403    403    200    200    401    401", Body: w => new { week = "2026-W48" }),
        new("GET /api/inspections",                               "200    200    200    200    200    200    401    401"),
        new("GET /api/inspections/{id}",                          "200    404    200    404    200    200    401    401"),
        new("POST /api/inspections/{id}/submit",                  "409    404    403    404    403    403    401    401", Body: w => w.Submission),
        new("GET /api/inspections/history",                       "200    200    200    200    200    200    401    401"),
        new("GET /api/inspections/{id}/record",                   "200    404    200    404    200    200    401    401"),
        new("GET /api/inspections/{id}/record.pdf",               "200    404    200    404    200    200    401    401"),
        new("POST /api/arrivals",                                 "400    400    400    400    400    400    401    401", Body: w => new { zone = "z-canteen-kitchen", token = "forged" }),
        new("GET /api/findings",                                  "200    200    200    200    200    200    401    401"),
        new("GET /api/findings/{id}",                             "200    200    200    404    200    200    401    401"),
        new("POST /api/findings/{id}/fix",                        "403    200    403    404    403    403    401    401", Body: w => new { note = "again" }, Fresh: "Open"),
        new("POST /api/findings/{id}/approve",                    "403    403    200    404    403    403    401    401", Body: w => new { note = "again" }, Fresh: "FixSubmitted"),
        new("POST /api/findings/{id}/reject",                     "403    403    200    404    403    403    401    401", Body: w => new { reason = "again" }, Fresh: "FixSubmitted"),
        new("POST /api/findings/{id}/five-fixes",                 "403    200    403    404    403    403    401    401", Body: w => new { measures = "m", funds = "f", responsiblePerson = "p", deadline = "2026-12-20", contingencyPlan = "c" }, Fresh: "Open"),
        new("POST /api/findings/{id}/extension",                  "403    200    403    404    403    403    401    401", Body: w => new { dueAt = w.DueAt.AddDays(3), reason = "parts" }, Fresh: "Open"),
        new("POST /api/findings/{id}/extension/approve",          "403    403    200    404    403    403    401    401", Body: w => new { note = "ok" }, Fresh: "ExtensionPending"),
        new("POST /api/findings/{id}/extension/decline",          "403    403    200    404    403    403    401    401", Body: w => new { note = "no" }, Fresh: "ExtensionPending"),
        new("POST /api/findings/{id}/comments",                   "403    200    200    404    200    403    401    401", Body: w => new { text = "noted" }),
        new("POST /api/findings/{id}/owner",                      "403    403    403    404    200    200    401    401", Body: w => new { owner = "owner-electric", note = "electrical fault" }, Fresh: "Open"),
        new("GET /photos/{id}",                                   "200    200    200    404    200    200    login  401", Path: w => $"/photos/{w.PhotoId}"),
        new("GET /api/notifications",                             "200    200    200    200    200    200    401    401"),
        new("POST /api/notifications/{id}/read",                  "404    204    404    404    404    404    401    401", Path: w => $"/api/notifications/{w.OwnerNotificationId}/read"),
        new("GET /api/me/preferences",                            "200    200    200    200    200    200    401    401"),
        new("PUT /api/me/preferences",                            "200    200    200    200    200    200    401    401", Body: w => new { language = "en", notifyByEmail = true }),
        new("GET /api/admin/deliveries",                          "403    403    403    403    403    200    401    401"),
        new("POST /api/admin/deliveries/{id}/resend",             "403    403    403    403    403    404    401    401", Path: w => $"/api/admin/deliveries/{Guid.Empty}/resend"),
        new("GET /api/admin/escalations/failed",                  "403    403    403    403    403    200    401    401"),
        new("POST /api/admin/escalations/failed/{findingId}/retry","403    403    403    403    403    404    401    401", Path: w => $"/api/admin/escalations/failed/{w.FindingId}/retry"),
        new("GET /api/reports/closure",                           "403    403    200    200    200    200    401    401", Path: w => "/api/reports/closure?from=2026-11-01&to=2026-11-30&groupBy=unit"),
        new("GET /api/reports/register",                          "403    403    200    200    200    200    401    401", Path: w => "/api/reports/register?from=2026-11-01&to=2026-11-30&format=csv"),
        new("GET /api/reports/monthly",                           "403    403    200    200    200    200    401    401", Path: w => "/api/reports/monthly?month=2026-11&format=pdf"),
        new("GET /api/reports/statutory",                         "403    403    200    200    200    200    401    401", Path: w => "/api/reports/statutory?year=2026"),
        new("GET /api/zones/ratings",                             "403    403    200    200    200    200    401    401", Path: w => "/api/zones/ratings?month=2026-11"),
        new("GET /api/zones/{key}/ratings",                       "403    403    200    404    200    200    401    401"),
        new("GET /api/audit/verify",                              "403    403    403    403    200    200    401    401"),
        new("POST /api/audit/verify",                             "403    403    403    403    200    200    401    401", Body: w => w.Checkpoint),
        new("GET /api/audit/checkpoint",                          "403    403    403    403    403    200    401    401"),
        new("GET /api/admin/clock",                               "403    403    403    403    403    200    401    401"),
        new("POST /api/admin/clock",                              "403    403    403    403    403    200    401    401", Body: w => new { advanceBy = "PT1M" }),
        new("GET /health",                                        "200    200    200    200    200    200    200    200"),
        new("GET /health/live",                                   "200    200    200    200    200    200    200    200"),
        new("GET /health/ready",                                  "200    200    200    200    200    200    200    200"),
        new("GET /openapi/{documentName}.json",                   "200    200    200    200    200    200    200    200", Path: w => "/openapi/v1.json"),
        new("GET /scalar/{documentName?}",                        "200    200    200    200    200    200    200    200", Path: w => "/scalar/v1"),
        new("GET /scalar/scalar.js",                              "200    200    200    200    200    200    200    200"),
        new("GET /scalar/scalar.aspnetcore.js",                   "200    200    200    200    200    200    200    200"),
        new("GET /scalar/favicon.svg",                            "200    200    200    200    200    200    200    200"),
        new("PAGE /login",                                        "200    200    200    200    200    200    200    200"),
        new("PAGE /language",                                     "302    302    302    302    302    302    302    302"),
        new("PAGE /logout",                                       "302    302    302    302    302    302    login  login"),
        new("PAGE /error/{code}",                                 "404    404    404    404    404    404    404    404", Path: w => "/error/404"),
        new("PAGE /denied",                                       "200    200    200    200    200    200    login  login"),
        new("PAGE /",                                             "302    302    302    302    302    302    login  login"),
        new("PAGE /inspections",                                  "200    200    200    200    200    200    login  login"),
        new("PAGE /inspections/{id}",                             "200    404    200    404    200    200    login  login"),
        new("PAGE /inspections/{id}/record",                      "200    404    200    404    200    200    login  login"),
        new("PAGE /inspections/history",                          "200    200    200    200    200    200    login  login"),
        // The zone's list of this week's inspections still to do (several here); one alone would redirect to it.
        new("PAGE /zones/{key}/inspect",                          "200    200    200    200    200    200    login  login"),
        new("PAGE /scan",                                         "200    200    200    200    200    200    login  login"),
        new("PAGE /notifications",                                "200    200    200    200    200    200    login  login"),
        new("PAGE /inspections/missed",                           "denied denied 200    200    200    200    login  login"),
        new("PAGE /findings",                                     "200    200    200    200    200    200    login  login"),
        new("PAGE /findings/mine",                                "200    200    200    200    200    200    login  login"),
        new("PAGE /findings/{id}",                                "200    200    200    404    200    200    login  login"),
        new("PAGE /review",                                       "200    200    200    200    200    200    login  login"),
        new("PAGE /office",                                       "denied denied denied denied 200    200    login  login"),
        new("PAGE /office/closure",                               "denied denied 200    200    200    200    login  login"),
        new("PAGE /office/ratings",                               "denied denied 200    200    200    200    login  login"),
        new("PAGE /workflow",                                     "denied denied denied denied 200    200    login  login"),
        new("PAGE /admin",                                        "denied denied denied denied denied 200    login  login"),
        new("PAGE /admin/people",                                 "denied denied denied denied denied 200    login  login"),
        new("PAGE /admin/zones",                                  "denied denied denied denied denied 200    login  login"),
        new("PAGE /admin/zones/{key}/sign",                       "denied denied denied denied denied 200    login  login"),
        new("PAGE /admin/deliveries",                             "denied denied denied denied denied 200    login  login"),
        new("PAGE /admin/escalations",                            "denied denied denied denied denied 200    login  login"),
        new("PAGE /admin/audit",                                  "denied denied denied denied denied 200    login  login"),
    ];

    private readonly World _world;

    public AuthorizationMatrixTests(World world) => _world = world;

    [Fact]
    public void Every_route_the_app_maps_has_a_row()
    {
        var mapped = _world.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => RouteNames(e))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var rows = Matrix.Select(r => r.Route).ToHashSet();
        var missing = mapped.Where(route => !rows.Contains(route)).ToList();
        Assert.True(missing.Count == 0, "Routes with no row in the authorization matrix:\n" + string.Join('\n', missing));
        var stale = rows.Where(route => !mapped.Contains(route)).ToList();
        Assert.True(stale.Count == 0, "Rows for routes the app no longer maps:\n" + string.Join('\n', stale));
    }

    [Fact]
    public async Task Every_caller_gets_the_answer_its_row_names()
    {
        var wrong = new List<string>();
        var actual = new StringBuilder();
        foreach (var row in Matrix)
        {
            var answers = new List<string>();
            for (var i = 0; i < Callers.Length; i++)
            {
                var answer = await _world.AskAsync(Callers[i], row);
                answers.Add(answer);
                if (answer != row.Expected[i])
                {
                    wrong.Add($"{row.Route} as {Callers[i]}: expected {row.Expected[i]}, got {answer}");
                }
            }

            actual.AppendLine($"{row.Route,-58} {string.Join(' ', answers.Select(a => a.PadRight(6)))}");
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong) + "\n\nAnswers as given:\n" + actual);
    }

    /// <summary>"GET /api/findings/{id}" for each method of an endpoint; pages are named by their route and GET.</summary>
    private static IEnumerable<string> RouteNames(RouteEndpoint endpoint)
    {
        var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
        pattern = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\}", "{$1}");
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
        if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor>() is not null
            || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor>() is not null)
        {
            return [$"PAGE {pattern}"];
        }

        return (methods ?? ["GET"]).Select(m => $"{m} {pattern}");
    }

    /// <summary>
    /// A route, the answer per caller, and what to send: a body, a path, or (<c>Fresh</c>) a finding of its own in a state
    /// (<c>Open</c>, <c>FixSubmitted</c>, <c>ExtensionPending</c>): after a caller succeeds, the next caller gets another
    /// finding in the same state, so every answer is about the caller.
    /// </summary>
    public sealed record Row(string Route, string Answers, Func<World, object?>? Body = null, Func<World, string>? Path = null, string? Fresh = null)
    {
        public string[] Expected { get; } = Answers.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The demo organisation with one closed canteen finding, and a client per caller.</summary>
    public sealed class World : IAsyncLifetime
    {
        private readonly Dictionary<string, HttpClient> _api = [];
        private readonly Dictionary<string, HttpClient> _pages = [];

        private readonly string _photos = Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"photos-{Guid.NewGuid():N}");

        public World() => App = new(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?> { ["SafetyFlow:Photos:Path"] = _photos });

        public SafetyFlowApp App { get; }

        public string FindingId { get; private set; } = "";

        public string InspectionId { get; private set; } = "";

        public string OwnerNotificationId { get; private set; } = "";

        public Guid PhotoId { get; private set; }

        /// <summary>A checkpoint of the trail as an admin downloads it.</summary>
        public JsonElement Checkpoint { get; private set; }

        public DateTimeOffset DueAt { get; private set; }

        public string Owner { get; private set; } = "";

        private readonly Queue<string> _pool = new();
        private readonly Dictionary<string, string> _current = [];
        private object? _submission;

        public async Task InitializeAsync()
        {
            // One inspection failing every general check of every extinguisher: one finding to ask about, the rest a pool
            // of open findings for the actions that change state.
            var member = await App.SignInAsync("member-canteen");
            var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
            foreach (var asset in checklist.Assets)
            {
                foreach (var item in checklist.ItemsOf("check", "general"))
                {
                    checklist.Fail(asset, item);
                }
            }

            _submission = checklist.Body();
            var raised = (await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", _submission)).GetProperty("findings")
                .EnumerateArray().Select(f => f.GetString()!).ToList();
            FindingId = raised[0];
            var finding = await EscalationTests.FindingAsync(App, FindingId);
            Owner = finding.GetProperty("owner").GetString()!;
            DueAt = finding.GetProperty("dueAt").GetDateTimeOffset();
            InspectionId = finding.GetProperty("inspectionId").GetString()!;
            var owner = await App.SignInAsync(Owner);
            await owner.PostJsonAsync($"/api/findings/{FindingId}/fix", new { note = "replaced" });
            await (await App.SignInAsync("sup-canteen")).PostJsonAsync($"/api/findings/{FindingId}/approve", new { note = "seen" });
            PhotoId = await StoreFixPhotoAsync();
            Checkpoint = await (await App.SignInAsync("admin")).GetJsonAsync("/api/audit/checkpoint");
            var office = await App.SignInAsync("safety1");
            foreach (var id in raised.Skip(1))
            {
                if ((await office.GetJsonAsync($"/api/findings/{id}")).GetProperty("owner").GetString() == Owner)
                {
                    _pool.Enqueue(id);
                }
            }

            OwnerNotificationId = (await owner.GetJsonAsync("/api/notifications?mine=true"))[0].GetProperty("id").GetString()!;

            string[] people = ["member-canteen", Owner, "sup-canteen", "sup-dorm", "safety1", "admin", "member-dorm"];
            for (var i = 0; i < Callers.Length; i++)
            {
                if (Callers[i] == "signed-out")
                {
                    _api[Callers[i]] = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
                    _pages[Callers[i]] = _api[Callers[i]];
                    continue;
                }

                var person = people[i > 6 ? 6 : i];
                _api[Callers[i]] = await App.SignInAsync(person);
                _pages[Callers[i]] = await App.SignInToPagesAsync(person);
            }

            // The deactivated person signed in while still active; their token and cookie must stop working.
            (await (await App.SignInAsync("admin")).PostAsync("/api/people/member-dorm/deactivate", null)).EnsureSuccessStatusCode();
        }

        public async Task<string> AskAsync(string caller, Row row)
        {
            var (method, route) = (row.Route[..row.Route.IndexOf(' ', StringComparison.Ordinal)], row.Route[(row.Route.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            var findingId = FindingId;
            if (row.Fresh is { } state)
            {
                if (!_current.TryGetValue(row.Route, out var current))
                {
                    current = _current[row.Route] = await FreshAsync(state);
                }

                findingId = current;
            }

            var path = row.Path?.Invoke(this) ?? route
                .Replace("{id}", route.StartsWith("/api/inspections", StringComparison.Ordinal) || route.StartsWith("/inspections", StringComparison.Ordinal) ? InspectionId : findingId, StringComparison.Ordinal)
                .Replace("{key}", "z-canteen-kitchen", StringComparison.Ordinal)
                .Replace("{userName}", "member-office", StringComparison.Ordinal);
            var page = method == "PAGE";
            var client = page ? _pages[caller] : _api[caller];
            using var request = new HttpRequestMessage(page ? HttpMethod.Get : new HttpMethod(method), path);
            if (row.Body?.Invoke(this) is { } body)
            {
                request.Content = JsonContent.Create(body, options: SafetyFlowApp.Json);
            }

            using var response = await client.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                _current.Remove(row.Route);
            }

            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found && response.Headers.Location is { } location)
            {
                var target = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
                return target switch
                {
                    "/login" => "login",
                    "/denied" => "denied",
                    _ => "302",
                };
            }

            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>The body the inspection was submitted with, to submit it again.</summary>
        public object Submission => _submission!;

        /// <summary>An open finding of the owner's from the pool, brought to the state asked for.</summary>
        private async Task<string> FreshAsync(string state)
        {
            Assert.True(_pool.Count > 0, "The pool of open findings ran out: fail more items in the fixture's inspection.");
            var id = _pool.Dequeue();
            var owner = await App.SignInAsync(Owner);
            switch (state)
            {
                case "FixSubmitted":
                    await owner.PostJsonAsync($"/api/findings/{id}/fix", new { note = "replaced" });
                    break;
                case "ExtensionPending":
                    await owner.PostJsonAsync($"/api/findings/{id}/extension", new { dueAt = DueAt.AddDays(3), reason = "parts on order" });
                    break;
            }

            return id;
        }

        /// <summary>A fix photo of the finding, stored as the finding page stores one.</summary>
        private async Task<Guid> StoreFixPhotoAsync()
        {
            await using var scope = App.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<PhotoStore>();
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var id = Guid.CreateVersion7();
            var image = new StoredImage(id, "image/jpeg", 3, Path.Combine("matrix", $"{id:N}.jpg"), Path.Combine("matrix", $"{id:N}.thumb.jpg"));
            Directory.CreateDirectory(Path.GetDirectoryName(store.FullPath(image.FilePath))!);
            await File.WriteAllBytesAsync(store.FullPath(image.FilePath), [0xFF, 0xD8, 0xFF]);
            await File.WriteAllBytesAsync(store.FullPath(image.ThumbnailPath), [0xFF, 0xD8, 0xFF]);
            var owner = db.Users.Single(u => u.UserName == Owner);
            db.Photos.Add(Photo.OfFix(Guid.Parse(FindingId), 1, image, owner.Id, SafetyFlowApp.Start));
            await db.SaveChangesAsync();
            return id;
        }

        public Task DisposeAsync() => App.DisposeAsync().AsTask();
    }
}
