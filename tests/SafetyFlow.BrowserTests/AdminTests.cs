using System.Text;
using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>The admin's pages: org import with errors by row, people and their deactivation, zone signs with a QR code, the job dashboard.</summary>
public sealed class AdminTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_org_document_with_bad_rows_shows_each_error_by_row_and_stores_nothing()
    {
        var page = await app.SignInAsync("admin", BrowserApp.Desktop);
        Assert.EndsWith("/admin", page.Url, StringComparison.Ordinal);
        const string document = """
            { "units": [ { "key": "new-unit", "name": "New unit", "parent": "svc" } ],
              "users": [ { "userName": "newbie", "displayName": "New Person", "password": "Newbie!2026", "roles": ["Member"], "unit": "no-such-unit" } ],
              "zones": [], "assets": [ { "key": "x-1", "name": "X", "type": "boiler", "zone": "z-dorm-a", "owner": "owner-fire" } ] }
            """;
        await page.Locator("form.import input[type=file]").SetInputFilesAsync(new FilePayload { Name = "org.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(document) });
        await page.ClickAsync("form.import button[type=submit]");
        var rows = page.Locator(".import-errors tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".import-errors")).ToContainTextAsync("assets[0].type");
        await BrowserApp.ScreenshotAsync(page, "admin-import-errors-desktop");

        await page.GotoAsync("/admin/people");
        await Assertions.Expect(page.Locator("table")).Not.ToContainTextAsync("newbie");
    }

    [Fact]
    public async Task A_good_org_document_is_imported_and_its_people_are_listed()
    {
        var page = await app.SignInAsync("admin", BrowserApp.Desktop);
        const string document = """
            { "units": [ { "key": "workshop", "name": "Workshop", "parent": "svc" } ],
              "users": [ { "userName": "member-workshop", "displayName": "Workshop Member", "phone": "13800000099", "password": "Member!2026", "roles": ["Member"], "unit": "workshop" } ],
              "zones": [ { "key": "z-workshop", "name": "Workshop floor", "unit": "workshop", "member": "member-workshop" } ],
              "assets": [] }
            """;
        await page.Locator("form.import input[type=file]").SetInputFilesAsync(new FilePayload { Name = "org.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(document) });
        await page.ClickAsync("form.import button[type=submit]");
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("Imported: 1 units, 1 people, 1 zones, 0 assets.");
        await page.GotoAsync("/admin/people");
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("member-workshop");
    }

    [Fact]
    public async Task The_admin_deactivates_a_person_on_the_people_page_and_lets_them_in_again()
    {
        var page = await app.SignInAsync("admin", BrowserApp.Desktop);
        await page.GotoAsync("/admin/people");
        var person = page.Locator("tr[data-person='owner-kitchen']");

        await person.Locator("button").ClickAsync();

        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("owner-kitchen is deactivated");
        await Assertions.Expect(person).ToHaveAttributeAsync("data-active", "false");
        await Assertions.Expect(person).ToContainTextAsync("Deactivated");

        await person.Locator("button").ClickAsync();

        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("owner-kitchen is active again");
        await Assertions.Expect(person).ToHaveAttributeAsync("data-active", "true");
    }

    [Fact]
    public async Task A_zone_sign_names_the_member_and_carries_a_QR_code_to_the_zones_inspection()
    {
        var page = await app.SignInAsync("admin", BrowserApp.Desktop);
        await page.GotoAsync("/admin/zones");
        await BrowserApp.ScreenshotAsync(page, "admin-zones-desktop");
        await page.Locator("li.card", new() { HasText = "z-dorm-a" }).Locator("a.button").ClickAsync();
        await Assertions.Expect(page.Locator(".sign h2")).ToContainTextAsync("Dormitory A");
        var qr = page.Locator(".sign .qr img");
        await Assertions.Expect(qr).ToBeVisibleAsync();
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));

        // The sign's address is the zone's, with the token signed for it (proof of presence, docs/web.md).
        var address = (await qr.GetAttributeAsync("alt"))!.Replace("QR ", "", StringComparison.Ordinal);
        Assert.Matches("/zones/z-dorm-a/inspect\\?t=[0-9a-f]{32}$", address);
        await BrowserApp.ScreenshotAsync(page, "zone-sign-desktop");

        // Print opens the browser's print dialog (a script the Content-Security-Policy allows, not an inline handler).
        await page.EvaluateAsync("() => { window.printed = 0; window.print = () => { window.printed++; }; }");
        await page.Locator("button[data-print]").ClickAsync();
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.printed"));

        // The address on the sign takes the zone's member to the inspection due there, or to the zone's list.
        var member = await app.SignInAsync("member-dorm", BrowserApp.Phone);
        await member.GotoAsync(new Uri(address).PathAndQuery);
        Assert.Matches("(/inspections/[0-9a-f-]{36}|/zones/z-dorm-a/inspect\\?t=[0-9a-f]{32})$", member.Url);
    }

    [Fact]
    public async Task The_job_dashboard_opens_for_admins_only()
    {
        var admin = await app.SignInAsync("admin", BrowserApp.Desktop);
        var response = await admin.GotoAsync("/hangfire");
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(admin.Locator("body")).ToContainTextAsync("Recurring");

        var office = await app.SignInAsync("safety1", BrowserApp.Desktop);
        var refused = await office.GotoAsync("/hangfire");
        Assert.Contains(refused!.Status, new[] { 401, 403 });
    }
}
