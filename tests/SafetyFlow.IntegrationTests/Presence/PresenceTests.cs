using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Presence;

/// <summary>
/// Proof of presence and visit windows: the zone sign's QR code carries <c>PublicUrl</c> and a signed token; scanning it
/// records the member's arrival and opens that zone's inspections; a scan sent later keeps the phone's time; a submission
/// is marked early, in the window or late, and on site when an arrival came before it; missed inspections stay listed
/// and count in the stars.
/// </summary>
public sealed partial class PresenceTests : IAsyncLifetime
{
    private const string PublicUrl = "https://safety.example.test";
    private const string Zone = "z-canteen-hall";

    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?> { ["SafetyFlow:PublicUrl"] = PublicUrl });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_zone_sign_encodes_PublicUrl_and_a_token_and_scanning_it_records_the_arrival_shown_on_the_submitted_inspection()
    {
        var signUrl = await SignUrlAsync(Zone);
        Assert.StartsWith($"{PublicUrl}/zones/{Zone}/inspect?t=", signUrl, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost", signUrl, StringComparison.Ordinal);

        var pages = await _app.SignInToPagesAsync("member-canteen");
        var scanned = await pages.GetAsync(PathOf(signUrl));
        var member = await _app.SignInAsync("member-canteen");
        var zoneInspections = await ZoneInspectionIdsAsync(member, Zone);

        // The zone has several checklists this week: the page lists that zone's, and no other zone's.
        Assert.Equal(HttpStatusCode.OK, scanned.StatusCode);
        var html = WebUtility.HtmlDecode(await scanned.Content.ReadAsStringAsync());
        var linked = InspectionLinks().Matches(html).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(zoneInspections.ToHashSet(), linked);
        Assert.Contains("data-arrived=", html, StringComparison.Ordinal);

        var checklist = Checklist.Of(await member.GetJsonAsync($"/api/inspections/{zoneInspections[0]}"));
        await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Body());
        var visit = (await member.GetJsonAsync($"/api/inspections/{checklist.Id}")).GetProperty("visit");
        Assert.True(visit.GetProperty("onSite").GetBoolean());
        Assert.False(visit.GetProperty("arrivedByPhoneTime").GetBoolean());
        Assert.Equal(SafetyFlowApp.Start, visit.GetProperty("arrivedAt").GetDateTimeOffset());

        // The other zone's inspection, submitted without a scan there, is not on site.
        var other = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        await member.PostJsonAsync($"/api/inspections/{other.Id}/submit", other.Body());
        Assert.False((await member.GetJsonAsync($"/api/inspections/{other.Id}")).GetProperty("visit").GetProperty("onSite").GetBoolean());
    }

    [Fact]
    public async Task A_forged_or_edited_token_gets_an_error_page_and_a_400_naming_the_token_and_records_nothing()
    {
        var signUrl = await SignUrlAsync(Zone);
        var token = signUrl[(signUrl.IndexOf("?t=", StringComparison.Ordinal) + 3)..];
        var pages = await _app.SignInToPagesAsync("member-canteen");

        // Another zone's token on this zone, a changed digit, and rubbish.
        var otherToken = (await SignUrlAsync("z-canteen-kitchen")).Split("?t=")[1];
        foreach (var forged in new[] { otherToken, (token[0] == 'a' ? "b" : "a") + token[1..], "not-a-token" })
        {
            var page = await pages.GetAsync($"/zones/{Zone}/inspect?t={forged}");
            Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
            Assert.StartsWith("text/html", page.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            Assert.Contains("class=\"card bad-sign\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var member = await _app.SignInAsync("member-canteen");
        var refused = await member.PostJsonAsync("/api/arrivals", new { zone = Zone, token = otherToken }, HttpStatusCode.BadRequest);
        Assert.Contains("token", refused.Errors().Keys);
        Assert.Contains("token", (await member.PostJsonAsync("/api/arrivals", new { zone = "z-nowhere", token }, HttpStatusCode.BadRequest)).Errors().Keys);

        var checklist = Checklist.Of(await member.GetJsonAsync($"/api/inspections/{(await ZoneInspectionIdsAsync(member, Zone))[0]}"));
        await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Body());
        Assert.False((await member.GetJsonAsync($"/api/inspections/{checklist.Id}")).GetProperty("visit").GetProperty("onSite").GetBoolean());
    }

    [Fact]
    public async Task A_scan_sent_later_with_the_phone_time_proves_the_visit_of_a_submission_that_reached_the_server_first()
    {
        var token = (await SignUrlAsync(Zone)).Split("?t=")[1];
        var member = await _app.SignInAsync("member-canteen");
        var checklist = Checklist.Of(await member.GetJsonAsync($"/api/inspections/{(await ZoneInspectionIdsAsync(member, Zone))[0]}"));
        await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Body());
        Assert.False((await member.GetJsonAsync($"/api/inspections/{checklist.Id}")).GetProperty("visit").GetProperty("onSite").GetBoolean());

        // The phone scanned the sign 20 minutes and a fraction of a second before the submission, offline.
        var phoneTime = SafetyFlowApp.Start.AddMinutes(-20).AddMilliseconds(-345);
        var arrival = await member.PostJsonAsync("/api/arrivals", new { zone = Zone, token, at = phoneTime });
        Assert.True(arrival.GetProperty("phoneTime").GetBoolean());
        Assert.Equal(phoneTime, arrival.GetProperty("at").GetDateTimeOffset());

        var visit = (await member.GetJsonAsync($"/api/inspections/{checklist.Id}")).GetProperty("visit");
        Assert.True(visit.GetProperty("onSite").GetBoolean());
        Assert.True(visit.GetProperty("arrivedByPhoneTime").GetBoolean());
        Assert.Equal(phoneTime, visit.GetProperty("arrivedAt").GetDateTimeOffset());

        // A phone clock an hour ahead of the server is refused at its field; so is another zone's member.
        Assert.Contains("at", (await member.PostJsonAsync("/api/arrivals", new { zone = Zone, token, at = SafetyFlowApp.Start.AddHours(1) }, HttpStatusCode.BadRequest)).Errors().Keys);
        var stranger = await _app.SignInAsync("member-dorm");
        await stranger.PostJsonAsync("/api/arrivals", new { zone = Zone, token }, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Each_inspection_shows_upcoming_open_or_missed_a_late_submission_is_kept_and_marked_and_missed_ones_stay_listed_and_lower_the_stars()
    {
        var member = await _app.SignInAsync("member-canteen");
        var admin = await _app.SignInAsync("admin");
        var mine = await member.GetJsonAsync("/api/inspections?mine=true");
        var first = mine.EnumerateArray().OrderBy(i => i.GetProperty("visitWindow").GetProperty("start").GetDateTimeOffset()).First();
        var start = first.GetProperty("visitWindow").GetProperty("start").GetDateTimeOffset();
        var end = first.GetProperty("visitWindow").GetProperty("end").GetDateTimeOffset();
        var id = first.GetProperty("id").GetString()!;
        Assert.True(start > SafetyFlowApp.Start, "The round draws windows still ahead");
        Assert.Equal("upcoming", first.GetProperty("visit").GetProperty("state").GetString());

        var safety = await _app.SignInAsync("safety1");
        var before = OnTimeComponent(await safety.GetJsonAsync("/api/zones/ratings?month=2026-11"), first.GetProperty("zone").GetString()!);

        await AdvanceToAsync(admin, start.AddMinutes(1));
        Assert.Equal("open", (await member.GetJsonAsync($"/api/inspections/{id}")).GetProperty("visit").GetProperty("state").GetString());

        await AdvanceToAsync(admin, end.AddMinutes(1));
        Assert.Equal("missed", (await member.GetJsonAsync($"/api/inspections/{id}")).GetProperty("visit").GetProperty("state").GetString());
        var after = OnTimeComponent(await safety.GetJsonAsync("/api/zones/ratings?month=2026-11"), first.GetProperty("zone").GetString()!);
        Assert.True(after < before, $"A missed inspection lowers the on-time component at once ({before} -> {after})");

        // Supervisors and the safety office see it among the missed.
        foreach (var user in new[] { "sup-canteen", "safety1" })
        {
            var page = await (await _app.SignInToPagesAsync(user)).PageAsync("/inspections/missed");
            Assert.Contains($"data-inspection=\"{id}\"", page, StringComparison.Ordinal);
        }

        // The next week, the member still sees last week's missed one.
        var monday = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(8));
        await AdvanceToAsync(admin, monday);
        var memberPage = await (await _app.SignInToPagesAsync("member-canteen")).PageAsync("/inspections");
        Assert.Contains($"href=\"/inspections/{id}\"", memberPage, StringComparison.Ordinal);
        Assert.Contains("class=\"cards missed-earlier\"", memberPage, StringComparison.Ordinal);

        // Submitted late, it is kept (its findings raised) and marked late.
        var checklist = Checklist.Of(await member.GetJsonAsync($"/api/inspections/{id}")).FailGeneralChecks();
        var findings = (await member.PostJsonAsync($"/api/inspections/{id}/submit", checklist.Body())).GetProperty("findings").GetArrayLength();
        Assert.True(findings > 0);
        var visit = (await member.GetJsonAsync($"/api/inspections/{id}")).GetProperty("visit");
        Assert.Equal(("submitted", "late"), (visit.GetProperty("state").GetString(), visit.GetProperty("timing").GetString()));
    }

    [Fact]
    public async Task A_checklist_finished_offline_in_the_window_and_sent_after_it_closed_is_in_the_window_and_shown_as_sent_later()
    {
        var token = (await SignUrlAsync(Zone)).Split("?t=")[1];
        var member = await _app.SignInAsync("member-canteen");
        var admin = await _app.SignInAsync("admin");
        var summary = (await member.GetJsonAsync("/api/inspections?mine=true")).EnumerateArray()
            .Where(i => i.GetProperty("zone").GetString() == Zone)
            .OrderBy(i => i.GetProperty("visitWindow").GetProperty("start").GetDateTimeOffset())
            .First();
        var id = summary.GetProperty("id").GetString()!;
        var window = summary.GetProperty("visitWindow");
        var start = window.GetProperty("start").GetDateTimeOffset();
        var end = window.GetProperty("end").GetDateTimeOffset();

        // On site, offline: the phone scanned the sign and finished the checklist in the window, a fraction of a second
        // apart; the connection came back the next morning, after the window had closed.
        var scannedAt = start.AddMinutes(3).AddMilliseconds(217);
        var finishedAt = scannedAt.AddMinutes(24).AddMilliseconds(689);
        await AdvanceToAsync(admin, end.AddHours(15).AddMilliseconds(431));
        Assert.Equal("missed", (await member.GetJsonAsync($"/api/inspections/{id}")).GetProperty("visit").GetProperty("state").GetString());

        var checklist = Checklist.Of(await member.GetJsonAsync($"/api/inspections/{id}")).FailGeneralChecks();
        var findings = (await member.PostJsonAsync($"/api/inspections/{id}/submit", new { results = checklist.Rows(), completedAt = finishedAt }))
            .GetProperty("findings").GetArrayLength();
        Assert.True(findings > 0);
        await member.PostJsonAsync("/api/arrivals", new { zone = Zone, token, at = scannedAt });

        var inspection = await member.GetJsonAsync($"/api/inspections/{id}");
        var visit = inspection.GetProperty("visit");
        Assert.Equal(("submitted", "inWindow"), (visit.GetProperty("state").GetString(), visit.GetProperty("timing").GetString()));
        Assert.Equal(finishedAt, visit.GetProperty("finishedOnPhoneAt").GetDateTimeOffset());
        Assert.True(inspection.GetProperty("submittedAt").GetDateTimeOffset() > end, "The server received it after the window");
        Assert.True(visit.GetProperty("onSite").GetBoolean(), "The scan before the phone finished proves the visit");
        Assert.Equal(scannedAt, visit.GetProperty("arrivedAt").GetDateTimeOffset());

        // The supervisor sees both times on the inspection's page and its record.
        var supervisor = await _app.SignInToPagesAsync("sup-canteen");
        foreach (var path in new[] { $"/inspections/{id}", $"/inspections/{id}/record" })
        {
            var page = WebUtility.HtmlDecode(await supervisor.PageAsync(path));
            Assert.Contains("data-sent-later=\"true\"", page, StringComparison.Ordinal);
            Assert.Contains(TimeZoneInfo.ConvertTime(finishedAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("HH:mm", CultureInfo.InvariantCulture), page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_phone_time_ahead_of_the_server_or_before_the_inspection_existed_is_refused_at_completedAt_and_stores_nothing()
    {
        var member = await _app.SignInAsync("member-canteen");
        var id = (await ZoneInspectionIdsAsync(member, Zone))[0];
        var checklist = Checklist.Of(await member.GetJsonAsync($"/api/inspections/{id}"));
        foreach (var wrong in new[] { SafetyFlowApp.Start.AddMinutes(6), SafetyFlowApp.Start.AddDays(-15) })
        {
            var refused = await member.PostJsonAsync($"/api/inspections/{id}/submit", new { results = checklist.Rows(), completedAt = wrong }, HttpStatusCode.BadRequest);
            Assert.Contains("completedAt", refused.Errors().Keys);
        }

        Assert.Equal("due", (await member.GetJsonAsync($"/api/inspections/{id}")).GetProperty("status").GetString());

        // A phone learns the server's time, signed in or not, to put its own clock right.
        var time = await _app.CreateClient().GetJsonAsync("/api/time");
        Assert.Equal(SafetyFlowApp.Start, time.GetProperty("now").GetDateTimeOffset());

        // A phone clock a little ahead is taken as the server's time: sent at once, not sent later.
        await member.PostJsonAsync($"/api/inspections/{id}/submit", new { results = checklist.Rows(), completedAt = SafetyFlowApp.Start.AddMinutes(4) });
        var visit = (await member.GetJsonAsync($"/api/inspections/{id}")).GetProperty("visit");
        Assert.Equal(JsonValueKind.Null, visit.GetProperty("finishedOnPhoneAt").ValueKind);
        Assert.Equal("early", visit.GetProperty("timing").GetString());
    }

    [Fact]
    public async Task A_submission_before_the_window_is_marked_early_and_the_register_and_figures_show_what_was_done_on_site()
    {
        var token = (await SignUrlAsync(Zone)).Split("?t=")[1];
        var member = await _app.SignInAsync("member-canteen");
        await member.PostJsonAsync("/api/arrivals", new { zone = Zone, token });
        var id = (await ZoneInspectionIdsAsync(member, Zone))[0];
        var checklist = Checklist.Of(await member.GetJsonAsync($"/api/inspections/{id}")).FailGeneralChecks();
        var findings = (await member.PostJsonAsync($"/api/inspections/{id}/submit", checklist.Body())).GetProperty("findings").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.NotEmpty(findings);
        Assert.Equal("early", (await member.GetJsonAsync($"/api/inspections/{id}")).GetProperty("visit").GetProperty("timing").GetString());

        var safety = await _app.SignInAsync("safety1");
        var csv = await safety.GetStringAsync("/api/reports/register?from=2026-11-01&to=2026-11-30&format=csv");
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = lines[0].Split(',');

        // The new column is the last, so text with commas in earlier cells does not move it.
        Assert.Contains(headers[^1], new[] { "Found on site", "现场检查" });
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            Assert.Contains(cells[^1], findings.Contains(cells[1]) ? new[] { "yes", "是" } : new[] { "no", "否" });
        }

        var closure = await (await _app.SignInToPagesAsync("safety1")).PageAsync("/office/closure?from=2026-11-01&to=2026-11-30");
        var row = PresenceRow().Match(closure);
        Assert.True(row.Success, "The closure page has a row of inspections on site for the zone");
        Assert.Equal(("1", "1"), (row.Groups["submitted"].Value, row.Groups["onSite"].Value));
        Assert.StartsWith("100", row.Groups["rate"].Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_system_clock_a_scan_and_a_submission_a_fraction_of_a_second_apart_count_as_on_site()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase(), settings: new Dictionary<string, string?> { ["SafetyFlow:Clock:Mode"] = "System" });
        var admin = await app.SignInToPagesAsync("admin");
        var sign = await admin.PageAsync($"/admin/zones/{Zone}/sign");
        var token = SignToken().Match(sign).Groups[1].Value;
        var member = await app.SignInAsync("member-canteen");
        // This week in the work time zone, by the system clock; the round is made if the demo did not make it.
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var week = $"{ISOWeek.GetYear(local.DateTime)}-W{ISOWeek.GetWeekOfYear(local.DateTime):00}";
        await (await app.SignInAsync("safety1")).PostJsonAsync("/api/rounds", new { week });
        var inspections = (await member.GetJsonAsync($"/api/inspections?mine=true&week={week}")).EnumerateArray()
            .Where(i => i.GetProperty("zone").GetString() == Zone).ToList();

        var arrival = await member.PostJsonAsync("/api/arrivals", new { zone = Zone, token });
        var arrivedAt = arrival.GetProperty("at").GetDateTimeOffset();
        var id = inspections[0].GetProperty("id").GetString()!;
        await member.PostJsonAsync($"/api/inspections/{id}/submit", Checklist.Of(await member.GetJsonAsync($"/api/inspections/{id}")).Body());
        var inspection = await member.GetJsonAsync($"/api/inspections/{id}");
        var visit = inspection.GetProperty("visit");
        Assert.True(visit.GetProperty("onSite").GetBoolean());
        Assert.True(visit.GetProperty("arrivedAt").GetDateTimeOffset() <= inspection.GetProperty("submittedAt").GetDateTimeOffset());
        Assert.True((arrivedAt - visit.GetProperty("arrivedAt").GetDateTimeOffset()).Duration() < TimeSpan.FromMilliseconds(1));
        var window = inspection.GetProperty("visitWindow");
        var submittedAt = inspection.GetProperty("submittedAt").GetDateTimeOffset();
        var expected = submittedAt < window.GetProperty("start").GetDateTimeOffset() ? "early" : submittedAt > window.GetProperty("end").GetDateTimeOffset() ? "late" : "inWindow";
        Assert.Equal(expected, visit.GetProperty("timing").GetString());

        // A second checklist, finished on the phone a millisecond after the scan and sent at once: the phone's time keeps
        // its fraction of a second, so it still follows the scan and counts as on site, and it is not "sent later".
        var second = inspections[1].GetProperty("id").GetString()!;
        var finishedAt = arrivedAt.AddMilliseconds(1);
        await member.PostJsonAsync($"/api/inspections/{second}/submit", new { results = Checklist.Of(await member.GetJsonAsync($"/api/inspections/{second}")).Rows(), completedAt = finishedAt });
        var secondVisit = (await member.GetJsonAsync($"/api/inspections/{second}")).GetProperty("visit");
        Assert.True(secondVisit.GetProperty("onSite").GetBoolean());
        Assert.Equal(JsonValueKind.Null, secondVisit.GetProperty("finishedOnPhoneAt").ValueKind);
    }

    [Fact]
    public async Task The_inbox_lists_notifications_newest_first_with_an_unread_count_and_opening_the_finding_marks_them_read()
    {
        var member = await _app.SignInAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.FailGeneralChecks().Body());

        var ownerApi = await _app.SignInAsync("owner-fire");
        var notifications = (await ownerApi.GetJsonAsync("/api/notifications?mine=true")).EnumerateArray().ToList();
        Assert.NotEmpty(notifications);
        var owner = await _app.SignInToPagesAsync("owner-fire");
        var home = await owner.PageAsync("/notifications");
        Assert.Equal(notifications.Count.ToString(CultureInfo.InvariantCulture), UnreadCount().Match(home).Groups[1].Value);
        var links = InboxLinks().Matches(home).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(notifications.Select(n => n.GetProperty("findingId").GetString()!), links);

        var opened = links[0];
        await owner.PageAsync($"/findings/{opened}");
        var after = (await ownerApi.GetJsonAsync("/api/notifications?mine=true")).EnumerateArray().ToList();
        Assert.All(after.Where(n => n.GetProperty("findingId").GetString() == opened), n => Assert.True(n.GetProperty("read").GetBoolean()));
        Assert.All(after.Where(n => n.GetProperty("findingId").GetString() != opened), n => Assert.False(n.GetProperty("read").GetBoolean()));
        var unread = after.Count(n => !n.GetProperty("read").GetBoolean());
        Assert.Equal(unread.ToString(CultureInfo.InvariantCulture), UnreadCount().Match(await owner.PageAsync("/findings/mine")).Groups[1].Value);
    }

    private async Task<string> SignUrlAsync(string zone)
    {
        var admin = await _app.SignInToPagesAsync("admin");
        var sign = await admin.PageAsync($"/admin/zones/{zone}/sign");
        return SignUrl().Match(sign).Groups[1].Value;
    }

    private static string PathOf(string url) => new Uri(url).PathAndQuery;

    private static async Task<List<string>> ZoneInspectionIdsAsync(HttpClient member, string zone) =>
        [.. (await member.GetJsonAsync("/api/inspections?mine=true")).EnumerateArray()
            .Where(i => i.GetProperty("zone").GetString() == zone)
            .Select(i => i.GetProperty("id").GetString()!)];

    private static async Task AdvanceToAsync(HttpClient admin, DateTimeOffset at)
    {
        var now = (await admin.GetJsonAsync("/api/admin/clock")).GetProperty("now").GetDateTimeOffset();
        var by = at - now;
        await admin.PostJsonAsync("/api/admin/clock", new { advanceBy = System.Xml.XmlConvert.ToString(by) });
    }

    private static decimal OnTimeComponent(JsonElement ratings, string zone) =>
        ratings.EnumerateArray().Single(r => r.GetProperty("zone").GetString() == zone).GetProperty("components").GetProperty("inspectionsOnTime").GetDecimal();

    [GeneratedRegex("<small>(https?://[^<]+)</small>")]
    private static partial Regex SignUrl();

    [GeneratedRegex(@"<small>https?://[^<]+\?t=([0-9a-f]+)</small>")]
    private static partial Regex SignToken();

    [GeneratedRegex("href=\"/inspections/([0-9a-f-]{36})\"")]
    private static partial Regex InspectionLinks();

    [GeneratedRegex("class=\"count\" data-unread=\"(\\d+)\"")]
    private static partial Regex UnreadCount();

    [GeneratedRegex("<a class=\"cover\" href=\"/findings/([0-9a-f-]{36})\"")]
    private static partial Regex InboxLinks();

    [GeneratedRegex("<tr data-zone=\"z-canteen-hall\">.*?class=\"num submitted\">(?<submitted>\\d+)<.*?class=\"num on-site\">(?<onSite>\\d+)<.*?class=\"num on-site-rate\">(?<rate>[^<]+)<", RegexOptions.Singleline)]
    private static partial Regex PresenceRow();
}
