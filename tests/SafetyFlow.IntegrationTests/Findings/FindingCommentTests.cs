using System.Net;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Findings;

/// <summary>
/// Comments on a finding: its owner, a supervisor over its zone and the safety office may comment; anyone else who sees
/// it is refused, and someone who may not see it does not find it. A comment is a sealed record of the finding's history
/// and the others are told.
/// </summary>
public sealed class FindingCommentTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());
    private string _finding = "";

    public async Task InitializeAsync()
    {
        var admin = await _app.SignInAsync("admin");
        await admin.PostJsonAsync("/api/rounds", new { week = "2026-W48" });
        var member = await _app.SignInAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        var item = checklist.ItemOf("check", "general");
        var submitted = await member.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Fail("ext-ck-01", item).Body());
        _finding = submitted.GetProperty("findings")[0].GetString()!;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_owner_the_supervisor_and_the_safety_office_comment_into_the_history_and_the_others_are_told()
    {
        var owner = await _app.SignInAsync("owner-fire");
        var supervisor = await _app.SignInAsync("sup-canteen");
        var office = await _app.SignInAsync("safety1");

        var commented = await owner.PostJsonAsync($"/api/findings/{_finding}/comments", new { text = "Spare extinguisher ordered, arrives Friday." });
        Assert.Equal("Open", commented.GetProperty("state").GetString());
        var last = commented.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("comment", last.GetProperty("action").GetString());
        Assert.Equal("owner-fire", last.GetProperty("actor").GetString());
        Assert.Equal("Spare extinguisher ordered, arrives Friday.", last.GetProperty("note").GetString());
        Assert.Equal(("Open", "Open"), (last.GetProperty("from").GetString(), last.GetProperty("to").GetString()));

        // The supervisor is told with the words; the owner is not told of their own comment.
        var told = (await supervisor.GetJsonAsync("/api/notifications?mine=true")).EnumerateArray()
            .Single(n => n.GetProperty("kind").GetString() == "finding.commented");
        Assert.Equal(_finding, told.GetProperty("findingId").GetString());
        Assert.Contains("Spare extinguisher ordered", told.GetProperty("text").GetString());
        Assert.DoesNotContain((await owner.GetJsonAsync("/api/notifications?mine=true")).EnumerateArray(), n => n.GetProperty("kind").GetString() == "finding.commented");

        // The safety office joins (a general finding: not told of the first), then the supervisor answers: both others hear of it.
        await office.PostJsonAsync($"/api/findings/{_finding}/comments", new { text = "Keep the old one until then." });
        await supervisor.PostJsonAsync($"/api/findings/{_finding}/comments", new { text = "Agreed." });
        Assert.Equal(2, await CommentNoticesAsync(owner));
        Assert.Equal(1, await CommentNoticesAsync(office));
        Assert.Equal(2, await CommentNoticesAsync(supervisor));

        var history = (await office.GetJsonAsync($"/api/findings/{_finding}")).GetProperty("history").EnumerateArray()
            .Where(h => h.GetProperty("action").GetString() == "comment").Select(h => h.GetProperty("actor").GetString());
        Assert.Equal(["owner-fire", "safety1", "sup-canteen"], history);
        Assert.Contains("comment", (await office.GetJsonAsync($"/api/findings/{_finding}")).GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));

        // The comments are sealed records of the trail like every other.
        var verified = await (await _app.SignInAsync("admin")).GetJsonAsync("/api/audit/verify");
        Assert.True(verified.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Others_who_see_the_finding_are_refused_those_who_do_not_find_nothing_and_an_empty_comment_is_refused_at_text()
    {
        var raiser = await _app.SignInAsync("member-canteen");
        var refused = await raiser.PostJsonAsync($"/api/findings/{_finding}/comments", new { text = "me too" }, HttpStatusCode.Forbidden);
        Assert.Contains("owner", refused.GetProperty("detail").GetString());
        await (await _app.SignInAsync("sup-dorm")).PostJsonAsync($"/api/findings/{_finding}/comments", new { text = "hello" }, HttpStatusCode.NotFound);

        var owner = await _app.SignInAsync("owner-fire");
        Assert.Contains("text", (await owner.PostJsonAsync($"/api/findings/{_finding}/comments", new { text = "  " }, HttpStatusCode.BadRequest)).Errors().Keys);
        Assert.Contains("text", (await owner.PostJsonAsync($"/api/findings/{_finding}/comments", new { text = new string('x', 2001) }, HttpStatusCode.BadRequest)).Errors().Keys);
        Assert.DoesNotContain((await owner.GetJsonAsync($"/api/findings/{_finding}")).GetProperty("history").EnumerateArray(), h => h.GetProperty("action").GetString() == "comment");
    }

    [Fact]
    public async Task The_page_form_posts_a_comment_and_keeps_a_refused_one_with_its_error_in_the_page_language()
    {
        var pages = await _app.SignInToPagesAsync("sup-canteen", language: "zh-CN");
        pages.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var path = $"/findings/{_finding}";
        var html = await pages.PageAsync(path);
        Assert.Contains("发表评论", html);

        var tooLong = new string('长', 2001);
        var refused = await pages.PostAsync($"{path}?handler=Comment", Form(await pages.AntiForgeryTokenAsync(path), tooLong));
        var refusedHtml = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("评论最多 2000 个字符。", refusedHtml);
        Assert.Contains(tooLong, refusedHtml);

        var posted = await pages.PostAsync($"{path}?handler=Comment", Form(await pages.AntiForgeryTokenAsync(path), "周五前更换。"));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = await pages.PageAsync(path);
        Assert.Contains("周五前更换。", after);
        Assert.Contains("class=\"comment\"", after);

        // A member who raised it sees the finding but no comment form.
        var member = await _app.SignInToPagesAsync("member-canteen");
        Assert.DoesNotContain("handler=Comment", await member.PageAsync(path));
    }

    private static FormUrlEncodedContent Form(string token, string text) =>
        new(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["text"] = text });

    private static async Task<int> CommentNoticesAsync(HttpClient client) =>
        (await client.GetJsonAsync("/api/notifications?mine=true")).EnumerateArray().Count(n => n.GetProperty("kind").GetString() == "finding.commented");
}
