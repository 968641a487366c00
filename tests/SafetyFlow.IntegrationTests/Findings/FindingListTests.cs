using System.Net;
using System.Text;
using System.Text.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Findings;

/// <summary>
/// The finding list's search: free text, the days raised between, the order, pages that neither overlap nor skip, the
/// page keeping every choice in its address, and the list downloaded as CSV or XLSX in its order.
/// </summary>
public sealed class FindingListTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());
    private HttpClient _office = null!;

    public async Task InitializeAsync()
    {
        var admin = await _app.SignInAsync("admin");
        await admin.PostJsonAsync("/api/rounds", new { week = "2026-W48" });

        // Day one: the kitchen's extinguishers fail every general check; two days later, the dining hall's do.
        var member = await _app.SignInAsync("member-canteen");
        var kitchen = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        await member.PostJsonAsync($"/api/inspections/{kitchen.Id}/submit", kitchen.FailGeneralChecks("pressure low near the fryer").Body());
        await admin.PostJsonAsync("/api/admin/clock", new { advanceBy = "P2D" });
        var hall = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-hall");
        await member.PostJsonAsync($"/api/inspections/{hall.Id}/submit", hall.FailGeneralChecks("seal broken by the door").Body());
        _office = await _app.SignInAsync("safety1");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Free_text_finds_findings_by_description_asset_zone_and_owner_name()
    {
        var all = await IdsAsync("/api/findings?limit=1000");
        var kitchen = await IdsAsync("/api/findings?zone=z-canteen-kitchen&limit=1000");
        Assert.NotEmpty(kitchen);
        Assert.True(all.Count > kitchen.Count);

        Assert.Equal(kitchen.Order(), (await IdsAsync("/api/findings?q=FRYER&limit=1000")).Order());
        Assert.Equal(kitchen.Order(), (await IdsAsync($"/api/findings?q={Uri.EscapeDataString("一号食堂后厨")}&limit=1000")).Order());
        var oneAsset = await _office.GetJsonAsync("/api/findings?q=EXT-CH-02&limit=1000");
        Assert.NotEmpty(oneAsset.EnumerateArray());
        Assert.All(oneAsset.EnumerateArray(), f => Assert.Equal("ext-ch-02", f.GetProperty("asset").GetString()));

        // Every extinguisher here is owner-fire's, shown as 孙丽.
        Assert.Equal(all.Count, (await IdsAsync($"/api/findings?q={Uri.EscapeDataString("孙丽")}&limit=1000")).Count);
        Assert.Empty(await IdsAsync("/api/findings?q=nothing-like-this&limit=1000"));
    }

    [Fact]
    public async Task Raised_between_counts_local_days_and_a_reversed_period_is_refused_at_to()
    {
        var hall = await IdsAsync("/api/findings?zone=z-canteen-hall&limit=1000");
        var kitchen = await IdsAsync("/api/findings?zone=z-canteen-kitchen&limit=1000");

        // The clock started on 2026-11-23 (Shanghai); the hall's findings came on the 25th.
        Assert.Equal(hall.Order(), (await IdsAsync("/api/findings?from=2026-11-25&limit=1000")).Order());
        Assert.Equal(kitchen.Order(), (await IdsAsync("/api/findings?from=2026-11-23&to=2026-11-24&limit=1000")).Order());

        var refused = await _office.GetJsonAsync("/api/findings?from=2026-11-25&to=2026-11-23", HttpStatusCode.BadRequest);
        Assert.Contains("to", refused.Errors().Keys);
        var badSort = await _office.GetJsonAsync("/api/findings?sort=colour&dir=sideways&from=2026-13-01", HttpStatusCode.BadRequest);
        Assert.Equal(["dir", "from", "sort"], badSort.Errors().Keys.Order());
    }

    [Fact]
    public async Task Pages_in_every_order_cover_the_list_once_in_that_order()
    {
        foreach (var (sort, dir) in new[] { ("due", "asc"), ("raised", "desc"), ("zone", "asc"), ("state", "desc"), ("zone", "desc") })
        {
            var whole = await _office.GetJsonAsync($"/api/findings?sort={sort}&dir={dir}&limit=1000");
            var ids = whole.EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
            var paged = new List<string>();
            for (var offset = 0; offset < ids.Count; offset += 4)
            {
                paged.AddRange(await IdsAsync($"/api/findings?sort={sort}&dir={dir}&limit=4&offset={offset}"));
            }

            Assert.Equal(ids, paged);
            var keys = whole.EnumerateArray().Select(f => sort switch
            {
                "raised" => f.GetProperty("raisedAt").GetDateTimeOffset().UtcTicks.ToString("D20", System.Globalization.CultureInfo.InvariantCulture),
                "zone" => f.GetProperty("zoneName").GetString()!,
                "state" => f.GetProperty("state").GetString()!,
                _ => f.GetProperty("dueAt").GetDateTimeOffset().UtcTicks.ToString("D20", System.Globalization.CultureInfo.InvariantCulture),
            }).ToList();
            var expected = dir == "asc" ? keys.Order(StringComparer.Ordinal) : keys.OrderDescending(StringComparer.Ordinal);
            Assert.Equal(expected, keys);
        }

        // The raised order puts the hall's later findings first when descending.
        var newest = await _office.GetJsonAsync("/api/findings?sort=raised&dir=desc&limit=1");
        Assert.Equal("z-canteen-hall", newest[0].GetProperty("zone").GetString());
    }

    [Fact]
    public async Task The_page_keeps_its_choices_in_the_address_pages_through_them_and_downloads_what_it_shows()
    {
        var pages = await _app.SignInToPagesAsync("safety1", language: "en");
        pages.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var listed = await _office.GetJsonAsync("/api/findings?sort=zone&dir=desc&limit=1000");
        var all = listed.EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
        Assert.True(all.Count > 20, $"only {all.Count} findings");
        var described = listed.EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!, f => $"{f.GetProperty("zone")} {f.GetProperty("dueAt")} {f.GetProperty("id")}");

        var first = await pages.PageAsync("/findings?q=extinguisher&sort=zone&dir=desc&size=20");
        Assert.Contains("value=\"extinguisher\"", first);
        var shown = PageClients.AttributeValues(first, "data-finding");
        Assert.True(all.Take(20).SequenceEqual(shown), $"api: {string.Join("; ", all.Take(6).Select(i => described[i]))} page: {string.Join("; ", shown.Take(6).Select(i => described.GetValueOrDefault(i, i)))}");
        Assert.Contains("Findings 1–20", first);
        Assert.Contains("href=\"/findings?q=extinguisher&sort=zone&dir=desc&size=20&page=2\"", first);

        var second = await pages.PageAsync("/findings?q=extinguisher&sort=zone&dir=desc&size=20&page=2");
        Assert.Equal(all.Skip(20).Take(20), PageClients.AttributeValues(second, "data-finding"));

        var csv = await pages.GetAsync("/findings?handler=export&format=csv&q=extinguisher&sort=zone&dir=desc&size=20&page=2");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("text/csv", csv.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("No.,Finding id,", lines[0], StringComparison.Ordinal);
        Assert.Equal(all, lines.Skip(1).Select(l => l.Split(',')[1]));

        var xlsx = await pages.GetAsync("/findings?handler=export&format=xlsx&zone=z-canteen-hall");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Equal("PK"u8.ToArray(), (await xlsx.Content.ReadAsByteArrayAsync())[..2]);
    }

    [Fact]
    public async Task A_refused_search_comes_back_with_what_was_typed_and_the_error_at_its_field_in_the_page_language()
    {
        var english = await _app.SignInToPagesAsync("safety1", language: "en");
        english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var html = await english.PageAsync("/findings?q=seal&from=2026-11-25&to=2026-11-23");
        Assert.Contains("value=\"seal\"", html);
        Assert.Contains("value=\"2026-11-25\"", html);
        Assert.Contains("The end date must not be before the start date.", html);
        Assert.Empty(PageClients.AttributeValues(html, "data-finding"));

        var chinese = await _app.SignInToPagesAsync("safety1", language: "zh-CN");
        chinese.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        Assert.Contains("结束日期不能早于开始日期。", await chinese.PageAsync("/findings?from=2026-11-25&to=2026-11-23"));
    }

    [Fact]
    public async Task Dashboard_tiles_and_lagging_rows_open_a_list_of_as_many_findings_as_they_count()
    {
        var pages = await _app.SignInToPagesAsync("safety1");
        var dashboard = await pages.PageAsync("/office");
        var links = PageClients.AttributeValues(dashboard, "href").Where(h => h.StartsWith("/findings?", StringComparison.Ordinal)).ToList();
        Assert.Contains("/findings?open=true", links);
        Assert.Contains("/findings?overdue=true", links);
        var zoneRow = links.Single(l => l.StartsWith("/findings?zone=z-canteen-kitchen&from=", StringComparison.Ordinal));
        Assert.Contains(links, l => l.StartsWith("/findings?category=extinguisher&from=", StringComparison.Ordinal));

        var open = PageClients.AttributeValues(await pages.PageAsync("/findings?open=true&size=100"), "data-finding");
        Assert.Equal((await IdsAsync("/api/findings?limit=1000")).Count, open.Count);
        var kitchen = PageClients.AttributeValues(await pages.PageAsync(zoneRow + "&size=100"), "data-finding");
        Assert.Equal((await IdsAsync("/api/findings?zone=z-canteen-kitchen&limit=1000")).Order(), kitchen.Order());
    }

    private async Task<List<string>> IdsAsync(string url) =>
        [.. (await _office.GetJsonAsync(url)).EnumerateArray().Select(f => f.GetProperty("id").GetString()!)];
}
