using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Findings;

/// <summary>
/// People by their display names, told apart by user name when two share one; states, categories, units and actions
/// in the reader's language in the list, the finding, the register and the workflow diagram; and the language chosen
/// by the page's switch, then the person's saved language, then the browser's.
/// </summary>
public sealed partial class NamesAndLanguagesTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());
    private readonly List<string> _electrical = [];
    private readonly List<string> _twin = [];

    public async Task InitializeAsync()
    {
        // A second 孙丽: owner-twin owns an extinguisher of a new store room of the canteen, owner-fire (孙丽 too) the other.
        var admin = await _app.SignInAsync("admin");
        await admin.PostJsonAsync("/api/org/import", new
        {
            users = new object[]
            {
                new { userName = "owner-twin", displayName = "孙丽", password = "Demo!2026", roles = new[] { "Owner" }, unit = "svc", language = "en" },
            },
            zones = new object[] { new { key = "z-canteen-store", name = "一号食堂库房 Canteen 1 store", unit = "canteen-1", member = "member-canteen" } },
            assets = new object[]
            {
                new { key = "ext-twin-01", name = "Extinguisher T-01", type = "extinguisher", zone = "z-canteen-store", owner = "owner-twin" },
                new { key = "ext-twin-02", name = "Extinguisher T-02", type = "extinguisher", zone = "z-canteen-store", owner = "owner-fire" },
            },
        });
        await admin.PostJsonAsync("/api/rounds", new { week = "2026-W48" });

        var member = await _app.SignInAsync("member-canteen");
        var extinguishers = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-store");
        await member.PostJsonAsync($"/api/inspections/{extinguishers.Id}/submit", extinguishers.FailGeneralChecks("pressure low").Body());
        var electrical = await Checklist.OpenAsync(member, "weekly-electrical-check", "z-canteen-kitchen");
        // One reading out of its limits with no note: 72 °C where at most 60 °C passes.
        var hot = electrical.FailGeneralChecks("cover missing").Reading(electrical.Assets[0], "surface-temperature", 72m);
        var raised = await member.PostJsonAsync($"/api/inspections/{electrical.Id}/submit", hot.Body());
        _electrical.AddRange(raised.GetProperty("findings").EnumerateArray().Select(f => f.GetString()!));

        var office = await _app.SignInAsync("safety1");
        _twin.AddRange((await office.GetJsonAsync("/api/findings?owner=owner-twin&limit=1000")).EnumerateArray().Select(f => f.GetProperty("id").GetString()!));
        Assert.NotEmpty(_electrical);
        Assert.NotEmpty(_twin);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("zh-CN", "整改责任人", "待整改")]
    [InlineData("en", "Owner", "Open")]
    public async Task The_list_and_the_finding_name_people_by_display_name_and_states_in_the_language(string language, string ownerLabel, string open)
    {
        var pages = await _app.SignInToPagesAsync("safety1", language: language);
        var list = await pages.PageAsync("/findings?size=100");
        Assert.Contains($"{ownerLabel}: 徐明", list, StringComparison.Ordinal);
        Assert.Contains($"{ownerLabel}: 孙丽 (owner-fire)", list, StringComparison.Ordinal);
        Assert.Contains($"{ownerLabel}: 孙丽 (owner-twin)", list, StringComparison.Ordinal);
        Assert.Contains($">{open}</span>", list, StringComparison.Ordinal);
        Assert.DoesNotContain("owner-electric", list, StringComparison.Ordinal);

        var finding = await pages.PageAsync($"/findings/{_electrical[0]}");
        Assert.Contains("<dd class=\"owner\">徐明</dd>", finding, StringComparison.Ordinal);
        Assert.Matches(@"<dd class=""raised"">[0-9: -]+ · 赵敏</dd>", finding);
        Assert.Contains("<span class=\"actor\">赵敏</span>", finding, StringComparison.Ordinal);
        Assert.DoesNotContain("owner-electric", finding, StringComparison.Ordinal);
        Assert.DoesNotContain("member-canteen", finding, StringComparison.Ordinal);

        // The API keeps user names where the contract has them, and adds the names people read.
        var api = await (await _app.SignInAsync("safety1")).GetJsonAsync($"/api/findings/{_electrical[0]}");
        Assert.Equal(("owner-electric", "徐明"), (api.GetProperty("owner").GetString(), api.GetProperty("ownerName").GetString()));
        Assert.Equal(("member-canteen", "赵敏"), (api.GetProperty("raisedBy").GetString(), api.GetProperty("raisedByName").GetString()));
        var raise = api.GetProperty("history")[0];
        Assert.Equal(("member-canteen", "赵敏"), (raise.GetProperty("actor").GetString(), raise.GetProperty("actorName").GetString()));
    }

    [Fact]
    public async Task The_owner_filter_takes_the_display_name_or_the_user_name_and_tells_two_of_one_name_apart()
    {
        var office = await _app.SignInAsync("safety1");
        var byUserName = await IdsAsync(office, "/api/findings?owner=owner-electric&limit=1000");
        Assert.Equal(_electrical.Order(), byUserName.Order());
        Assert.Equal(byUserName, await IdsAsync(office, $"/api/findings?owner={Uri.EscapeDataString("徐明")}&limit=1000"));
        var named = await office.GetJsonAsync($"/api/findings?owner={Uri.EscapeDataString("徐明")}&limit=1000");
        Assert.All(named.EnumerateArray(), f => Assert.Equal(("owner-electric", "徐明"), (f.GetProperty("owner").GetString(), f.GetProperty("ownerName").GetString())));

        // 孙丽 is two people: the name finds both, the name as the pages show it finds one.
        var fire = await IdsAsync(office, "/api/findings?owner=owner-fire&limit=1000");
        Assert.NotEmpty(fire);
        Assert.Equal(fire.Concat(_twin).Order(), (await IdsAsync(office, $"/api/findings?owner={Uri.EscapeDataString("孙丽")}&limit=1000")).Order());
        Assert.Equal(_twin.Order(), (await IdsAsync(office, $"/api/findings?owner={Uri.EscapeDataString("孙丽 (owner-twin)")}&limit=1000")).Order());
        var twin = await office.GetJsonAsync($"/api/findings/{_twin[0]}");
        Assert.Equal("孙丽 (owner-twin)", twin.GetProperty("ownerName").GetString());

        // The page's filter answers the same.
        var pages = await _app.SignInToPagesAsync("safety1", language: "zh-CN");
        Assert.Equal(byUserName.Order(), PageClients.AttributeValues(await pages.PageAsync($"/findings?size=100&owner={Uri.EscapeDataString("徐明")}"), "data-finding").Order());
        Assert.Equal(byUserName.Order(), PageClients.AttributeValues(await pages.PageAsync("/findings?size=100&owner=owner-electric"), "data-finding").Order());
    }

    [Fact]
    public async Task The_chinese_register_has_names_and_translated_values_and_no_internal_keys()
    {
        var chinese = await RegisterAsync("zh-CN");
        var text = string.Join("\n", chinese.Select(r => string.Join(",", r)));
        foreach (var key in new[] { "electrical", "extinguisher", "canteen-1", "owner-electric", "member-canteen", ",Open," })
        {
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        }

        var header = chinese[0];
        var row = chinese.Single(r => r[1] == _electrical[0]);
        string Cell(string column) => row[header.IndexOf(column)];
        Assert.Equal("徐明", Cell("整改责任人"));
        Assert.Equal("赵敏", Cell("发现人"));
        Assert.Equal("电气", Cell("类别"));
        Assert.Equal("待整改", Cell("状态"));
        Assert.Equal("一号食堂 Canteen 1", Cell("单位"));
        Assert.Equal("孙丽 (owner-twin)", chinese.Single(r => r[1] == _twin[0])[header.IndexOf("整改责任人")]);

        var english = await RegisterAsync("en");
        var enHeader = english[0];
        var enRow = english.Single(r => r[1] == _electrical[0]);
        Assert.Equal(("徐明", "Electrical", "Open", "一号食堂 Canteen 1"), (
            enRow[enHeader.IndexOf("Owner")], enRow[enHeader.IndexOf("Category")], enRow[enHeader.IndexOf("State")], enRow[enHeader.IndexOf("Unit")]));
    }

    [Theory]
    [InlineData("zh-CN", "读数", "限值", "隐患描述", "不高于 60 °C", "读数 72 °C，超出限值（不高于 60 °C）")]
    [InlineData("en", "Reading", "Limits", "Description", "at most 60 °C", "Reading 72 °C, outside the limits (at most 60 °C)")]
    public async Task A_finding_raised_by_a_reading_shows_the_value_its_unit_and_the_limits_it_broke(
        string language, string readingColumn, string limitsColumn, string descriptionColumn, string limits, string description)
    {
        var register = await RegisterAsync(language);
        var header = register[0];
        var readings = register.Skip(1).Where(r => r[header.IndexOf(readingColumn)].Length > 0).ToList();
        var row = Assert.Single(readings);
        Assert.Equal(("72 °C", limits, description), (row[header.IndexOf(readingColumn)], row[header.IndexOf(limitsColumn)], row[header.IndexOf(descriptionColumn)]));

        // A check's finding keeps the member's note and leaves the reading columns empty.
        var check = register.Skip(1).First(r => r[header.IndexOf(readingColumn)].Length == 0 && _electrical.Contains(r[1]));
        Assert.Equal(("cover missing", ""), (check[header.IndexOf(descriptionColumn)], check[header.IndexOf(limitsColumn)]));

        // The finding's page and the API show the unit and the limits too.
        var id = row[1];
        var pages = await _app.SignInToPagesAsync("safety1", language: language);
        Assert.Contains($"<dd class=\"reading\">72 °C · {limitsColumn}: {limits}</dd>", await pages.PageAsync($"/findings/{id}"), StringComparison.Ordinal);
        var api = await (await _app.SignInAsync("safety1")).GetJsonAsync($"/api/findings/{id}");
        Assert.Equal((72m, "°C"), (api.GetProperty("value").GetDecimal(), api.GetProperty("unit").GetString()));
    }

    [Fact]
    public async Task A_comment_is_told_with_its_authors_display_name()
    {
        var supervisor = await _app.SignInAsync("sup-canteen");
        await supervisor.PostJsonAsync($"/api/findings/{_electrical[0]}/comments", new { text = "请今天处理" });
        var owner = await _app.SignInAsync("owner-electric");
        var told = (await owner.GetJsonAsync("/api/notifications?mine=true")).EnumerateArray()
            .Single(n => n.GetProperty("kind").GetString() == "finding.commented").GetProperty("text").GetString()!;
        Assert.Contains("刘洋: 请今天处理", told, StringComparison.Ordinal);
        Assert.DoesNotContain("sup-canteen", told, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_speak_the_switch_then_the_saved_language_then_the_browsers()
    {
        // Before sign-in only the browser's language is known.
        var anonymous = _app.CreateClient();
        anonymous.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        Assert.Contains("<h1>Sign in</h1>", await anonymous.PageAsync("/login"), StringComparison.Ordinal);

        // owner-electric saved English; member-canteen saved Chinese; each browser asks for the other language.
        var english = await _app.SignInToPagesAsync("owner-electric");
        english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        Assert.Contains("<h1>My findings</h1>", await english.PageAsync("/findings/mine"), StringComparison.Ordinal);
        var chinese = await _app.SignInToPagesAsync("member-canteen");
        chinese.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        Assert.Contains("<h1>本周检查</h1>", await chinese.PageAsync("/inspections"), StringComparison.Ordinal);

        // The switch wins over the saved language.
        var switched = await _app.SignInToPagesAsync("owner-electric", language: "zh-CN");
        Assert.Contains("<h1>我的隐患</h1>", await switched.PageAsync("/findings/mine"), StringComparison.Ordinal);

        // A language saved in the preferences counts from the next page on.
        var api = await _app.SignInAsync("owner-electric");
        using var saved = await api.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/me/preferences")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { language = "zh-CN", notifyByEmail = true }), Encoding.UTF8, "application/json"),
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("<h1>我的隐患</h1>", await english.PageAsync("/findings/mine"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chinese_workflow_diagram_names_states_and_labels_every_transition_in_chinese()
    {
        var pages = await _app.SignInToPagesAsync("safety1", language: "zh-CN");
        var diagram = MermaidBlock().Match(await pages.PageAsync("/workflow")).Groups[1].Value;
        var api = await _app.SignInAsync("safety1");
        api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var definition = await api.GetJsonAsync("/api/workflows/rectification");
        Assert.Equal(definition.GetProperty("diagram").GetString(), diagram);

        foreach (var (state, title) in new[] { ("Open", "待整改"), ("FixSubmitted", "待验收"), ("Closed", "已销号") })
        {
            Assert.Contains($"state \"{title}\" as {state}", diagram, StringComparison.Ordinal);
        }

        // Every transition of the definition is on an edge between its states, labelled in Chinese only.
        var edges = Edge().Matches(diagram).ToDictionary(m => (m.Groups["from"].Value, m.Groups["to"].Value), m => m.Groups["label"].Value);
        var titles = new Dictionary<string, string>
        {
            ["fix"] = "提交整改", ["approve"] = "验收销号", ["reject"] = "退回整改", ["requestExtension"] = "申请延期",
            ["approveExtension"] = "同意延期", ["declineExtension"] = "拒绝延期", ["recordFiveFixes"] = "落实五定",
        };
        var transitions = definition.GetProperty("transitions").EnumerateArray().ToList();
        Assert.Equal(7, transitions.Count);
        foreach (var transition in transitions)
        {
            var edge = (transition.GetProperty("from").GetString()!, transition.GetProperty("to").GetString()!);
            Assert.True(edges.ContainsKey(edge), $"no edge {edge}");
            Assert.Contains(titles[transition.GetProperty("trigger").GetString()!], edges[edge], StringComparison.Ordinal);
        }

        Assert.All(edges.Values, label => Assert.DoesNotMatch("[A-Za-z]", label));
    }

    [Fact]
    public async Task The_english_workflow_diagram_names_states_by_their_titles_and_labels_every_transition_in_english()
    {
        var pages = await _app.SignInToPagesAsync("safety1", language: "en");
        var diagram = MermaidBlock().Match(await pages.PageAsync("/workflow")).Groups[1].Value;
        Assert.Contains("state \"Fix submitted\" as FixSubmitted", diagram, StringComparison.Ordinal);

        var edges = Edge().Matches(diagram).ToDictionary(m => (m.Groups["from"].Value, m.Groups["to"].Value), m => m.Groups["label"].Value);
        Assert.Equal("Fix submitted", edges[("Open", "FixSubmitted")]);
        Assert.Equal("Accepted", edges[("FixSubmitted", "Closed")]);
        Assert.Equal("Rejected", edges[("FixSubmitted", "Open")]);
        foreach (var action in new[] { "Extension requested", "Extension approved", "Extension declined", "Five fixes recorded" })
        {
            Assert.Contains(action, edges[("Open", "Open")], StringComparison.Ordinal);
        }

        // No trigger id is left as a label.
        Assert.All(edges.Values, label => Assert.DoesNotMatch("requestExtension|recordFiveFixes|approveExtension|declineExtension|\\bfix\\b", label));
    }

    private async Task<List<List<string>>> RegisterAsync(string language)
    {
        var pages = await _app.SignInToPagesAsync("safety1", language: language);
        var response = await pages.GetAsync("/office/closure?handler=register&format=csv&from=2026-11-01&to=2026-11-30");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Csv(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF'));
    }

    /// <summary>The CSV's rows, with quoted cells read as one.</summary>
    private static List<List<string>> Csv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n')
            {
                row.Add(cell.ToString().TrimEnd('\r'));
                cell.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        return rows;
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string url) =>
        [.. (await client.GetJsonAsync(url)).EnumerateArray().Select(f => f.GetProperty("id").GetString()!)];

    [GeneratedRegex("<pre class=\"mermaid\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex MermaidBlock();

    [GeneratedRegex(@"^\s*(?<from>\w+) --> (?<to>\w+) : (?<label>.+)$", RegexOptions.Multiline)]
    private static partial Regex Edge();
}
