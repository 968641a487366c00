using System.Net;
using System.Net.Http.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Admin;

/// <summary>
/// Admins add people with an initial password and edit them (name, email, unit, roles, saved language; the user name
/// stays), through the API and the /admin/people page; every refusal of a form comes at once, at its field.
/// </summary>
public sealed class PeopleEditingTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());
    private HttpClient _admin = null!;

    public async Task InitializeAsync() => _admin = await _app.SignInAsync("admin");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_added_person_signs_in_with_the_initial_password_and_an_edit_changes_them_but_not_their_user_name()
    {
        var added = await (await _admin.PostAsJsonAsync("/api/people", new
        {
            userName = "li.hua", displayName = "李华", email = "li.hua@example.com", phone = "+86 138 0000 0000",
            unit = "office", roles = new[] { "Owner" }, language = "en", password = "Start!2026x",
        })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("li.hua", added.GetProperty("userName").GetString());
        Assert.Equal(["Owner"], added.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var person = await _app.SignInAsync("li.hua", "Start!2026x");
        Assert.Equal("en", (await person.GetJsonAsync("/api/me/preferences")).GetProperty("language").GetString());

        var edited = await (await _admin.PutAsJsonAsync("/api/people/li.hua", new
        {
            displayName = "李华 (电工)", email = "", unit = "canteen-1", roles = new[] { "Owner", "Member" }, language = "zh-CN",
        })).ReadJsonAsync();
        Assert.Equal(("li.hua", "李华 (电工)", "canteen-1", "zh-CN"), (
            edited.GetProperty("userName").GetString(), edited.GetProperty("displayName").GetString(),
            edited.GetProperty("unit").GetString(), edited.GetProperty("language").GetString()));
        Assert.True(!edited.TryGetProperty("email", out var email) || email.ValueKind == System.Text.Json.JsonValueKind.Null);
        Assert.Equal(["Member", "Owner"], edited.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        // New roles end the person's sessions: they sign in again and hold them.
        var again = await _app.SignInAsync("li.hua", "Start!2026x");
        Assert.Equal("zh-CN", (await again.GetJsonAsync("/api/me/preferences")).GetProperty("language").GetString());
        await (await _admin.PutAsJsonAsync("/api/people/nobody", new { displayName = "x", unit = "svc", roles = new[] { "Member" }, language = "en" })).ReadJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_400_naming_every_field_at_once()
    {
        var shape = (await (await _admin.PostAsJsonAsync("/api/people", new
        {
            userName = "has space", displayName = "", email = "not-an-address", unit = "", roles = new[] { "Boss" }, language = "fr", password = "",
        })).ReadJsonAsync(HttpStatusCode.BadRequest)).Errors();
        Assert.Superset(new HashSet<string> { "userName", "displayName", "email", "unit", "roles[0]", "language", "password" }, shape.Keys.ToHashSet());

        // What only the stored organisation and Identity's rules can tell, all at once too.
        var stored = (await (await _admin.PostAsJsonAsync("/api/people", new
        {
            userName = "owner-fire", displayName = "Again", unit = "u-9", roles = new[] { "Owner" }, language = "en", password = "short",
        })).ReadJsonAsync(HttpStatusCode.BadRequest)).Errors();
        Assert.Contains("u-9", stored["unit"][0]);
        Assert.Contains("taken", stored["userName"][0]);
        Assert.Contains("Passwords must be at least 8 characters.", stored["password"]);

        // A zone's member keeps Member; an admin keeps their own Admin role.
        var member = (await (await _admin.PutAsJsonAsync("/api/people/member-canteen", new
        {
            displayName = "Member", unit = "canteen-1", roles = new[] { "Owner" }, language = "en",
        })).ReadJsonAsync(HttpStatusCode.BadRequest)).Errors();
        Assert.Contains("z-canteen", member["roles"][0]);
        var self = (await (await _admin.PutAsJsonAsync("/api/people/admin", new
        {
            displayName = "Admin", unit = "svc", roles = new[] { "SafetyOffice" }, language = "en",
        })).ReadJsonAsync(HttpStatusCode.BadRequest)).Errors();
        Assert.Contains("Admin", self["roles"][0]);
    }

    [Fact]
    public async Task The_page_adds_a_person_and_keeps_a_refused_form_as_typed_with_errors_at_their_fields_in_chinese()
    {
        var pages = await _app.SignInToPagesAsync("admin", language: "zh-CN");
        var refused = await pages.PostAsync("/admin/people?handler=Add", Form(await pages.AntiForgeryTokenAsync("/admin/people"), new()
        {
            ["userName"] = "wang.fang", ["displayName"] = "王芳", ["email"] = "wang@", ["unit"] = "office",
            ["roles"] = "Member", ["language"] = "zh-CN", ["password"] = "weak",
        }));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("邮箱格式不正确。", html);
        Assert.Contains("value=\"wang.fang\"", html);
        Assert.Contains("value=\"王芳\"", html);
        Assert.Contains("value=\"wang@\"", html);
        Assert.Contains("data-field=\"email\"", html);
        Assert.DoesNotContain("data-person=\"wang.fang\"", html);

        // Identity's password rules are named in the page's language too.
        var weak = await pages.PostAsync("/admin/people?handler=Add", Form(await pages.AntiForgeryTokenAsync("/admin/people"), new()
        {
            ["userName"] = "wang.fang", ["displayName"] = "王芳", ["email"] = "wang@example.com", ["unit"] = "office",
            ["roles"] = "Member", ["language"] = "zh-CN", ["password"] = "weak",
        }));
        var weakHtml = WebUtility.HtmlDecode(await weak.Content.ReadAsStringAsync());
        Assert.Contains("密码至少 8 位。", weakHtml);
        Assert.Contains("密码须包含至少一个大写字母（A-Z）。", weakHtml);
        Assert.DoesNotContain("Passwords must", weakHtml);

        var added = await pages.PostAsync("/admin/people?handler=Add", Form(await pages.AntiForgeryTokenAsync("/admin/people"), new()
        {
            ["userName"] = "wang.fang", ["displayName"] = "王芳", ["email"] = "wang@example.com", ["unit"] = "office",
            ["roles"] = "Member", ["language"] = "en", ["password"] = "Start!2026x",
        }));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var list = await pages.PageAsync("/admin/people");
        Assert.Contains("王芳 已添加", list);
        Assert.Contains("data-person=\"wang.fang\"", list);

        // Edited on the same page: the user name is shown, not sent.
        var editForm = await pages.PageAsync("/admin/people?edit=wang.fang");
        Assert.Contains("用户名创建后不能修改。", editForm);
        var saved = await pages.PostAsync("/admin/people?handler=Edit&userName=wang.fang", Form(await pages.AntiForgeryTokenAsync("/admin/people?edit=wang.fang"), new()
        {
            ["displayName"] = "王芳芳", ["unit"] = "canteen-1", ["roles"] = "Member", ["language"] = "zh-CN",
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("王芳芳", await pages.PageAsync("/admin/people"));
    }

    private static FormUrlEncodedContent Form(string token, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = token;
        return new FormUrlEncodedContent(fields);
    }
}
