using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// Every request acts with the person as the database has them now: a deactivated person is refused at once, however
/// they signed in, and a changed role counts from the next request.
/// </summary>
public sealed class PeopleWhoLeaveTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_deactivated_person_cannot_sign_in_and_their_token_and_cookie_stop_working_at_once_while_history_keeps_their_name()
    {
        var admin = await _app.SignInAsync("admin");
        var member = await _app.SignInAsync("member-canteen");
        var browser = await _app.SignInToPagesAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var submitted = await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Fail(checklist.Assets[0], checklist.ItemOf("check", "general")).Body());
        var findingId = Assert.Single(submitted.GetProperty("findings").EnumerateArray()).GetString();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/inspections")).StatusCode);

        var deactivated = await admin.PostJsonAsync("/api/people/member-canteen/deactivate", null);

        Assert.False(deactivated.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("/api/inspections?mine=true")).StatusCode);
        var page = await browser.GetAsync("/inspections");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login", new Uri(new Uri("http://localhost"), page.Headers.Location!).AbsolutePath);
        var signIn = await _app.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "member-canteen", password = SafetyFlowApp.DemoPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        var safety = await _app.SignInAsync("safety1");
        Assert.Equal("member-canteen", (await safety.GetJsonAsync($"/api/findings/{findingId}")).GetProperty("raisedBy").GetString());
        var people = await (await _app.SignInToPagesAsync("admin")).PageAsync("/admin/people");
        Assert.Contains("data-person=\"member-canteen\" data-active=\"false\"", people, StringComparison.Ordinal);

        await admin.PostJsonAsync("/api/people/member-canteen/activate", null);

        // Signing in works again; the token from before the deactivation stays refused (its stamp is an old one).
        var again = await _app.SignInAsync("member-canteen");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/inspections?mine=true")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("/api/inspections?mine=true")).StatusCode);
    }

    [Fact]
    public async Task Deactivating_answers_404_for_an_unknown_name_403_for_a_non_admin_and_409_for_oneself()
    {
        var admin = await _app.SignInAsync("admin");
        var safety = await _app.SignInAsync("safety1");

        await admin.PostJsonAsync("/api/people/nobody-here/deactivate", null, HttpStatusCode.NotFound);
        await admin.PostJsonAsync("/api/people/nobody-here/activate", null, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await safety.PostAsync("/api/people/member-dorm/deactivate", null)).StatusCode);
        await admin.PostJsonAsync("/api/people/admin/deactivate", null, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/findings")).StatusCode);
    }

    [Fact]
    public async Task The_admin_deactivates_a_person_with_the_button_on_the_people_page()
    {
        var browser = await _app.SignInToPagesAsync("admin");
        var token = await browser.AntiForgeryTokenAsync("/admin/people");

        var answer = await browser.PostAsync("/admin/people?handler=Deactivate&userName=owner-fire", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        var html = System.Net.WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("data-person=\"owner-fire\" data-active=\"false\"", html, StringComparison.Ordinal);
        var signIn = await _app.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "owner-fire", password = SafetyFlowApp.DemoPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }

    [Fact]
    public async Task A_role_taken_away_counts_from_the_next_request_for_a_token_and_a_cookie_issued_before()
    {
        await ChangeRolesAsync("safety1", add: "Admin");
        var token = await _app.SignInAsync("safety1");
        var browser = await _app.SignInToPagesAsync("safety1");
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/admin/clock")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/people")).StatusCode);

        await ChangeRolesAsync("safety1", remove: "Admin");

        Assert.Equal(HttpStatusCode.Forbidden, (await token.GetAsync("/api/admin/clock")).StatusCode);
        var page = await browser.GetAsync("/admin/people");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/denied", new Uri(new Uri("http://localhost"), page.Headers.Location!).AbsolutePath);

        // The roles still held keep working on the same token and cookie.
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/reports/closure?from=2026-11-01&to=2026-11-30&groupBy=zone")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/office")).StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_the_stored_key_for_someone_who_does_not_exist_is_refused()
    {
        var issuer = _app.Services.GetRequiredService<TokenIssuer>();
        var (forged, _) = issuer.Issue(new AppUser { Id = Guid.NewGuid(), UserName = "admin", SecurityStamp = Guid.NewGuid().ToString() }, ["Admin"]);
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/findings")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/org/import", new { units = Array.Empty<object>() })).StatusCode);
    }

    [Theory]
    [InlineData("member-canteen")]
    [InlineData("owner-fire")]
    [InlineData("sup-canteen")]
    [InlineData("safety1")]
    public async Task The_simulation_clock_answers_admins_only(string userName)
    {
        var person = await _app.SignInAsync(userName);

        Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync("/api/admin/clock")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await _app.SignInAsync("admin")).GetAsync("/api/admin/clock")).StatusCode);
    }

    private async Task ChangeRolesAsync(string userName, string? add = null, string? remove = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByNameAsync(userName))!;
        var changed = add is not null ? await users.AddToRoleAsync(user, add) : await users.RemoveFromRoleAsync(user, remove!);
        Assert.True(changed.Succeeded);
    }
}
