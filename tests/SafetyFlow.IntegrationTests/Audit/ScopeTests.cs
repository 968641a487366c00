using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>
/// A supervisor sees their unit and the units below it, and nothing else, in every report, star list and filter.
/// November (see <see cref="NovemberFixture"/>): the canteen has A, B (kitchen) and E (hall), the dormitory C, the office D.
/// </summary>
public sealed class ScopeTests(NovemberFixture november) : IClassFixture<NovemberFixture>
{
    private static readonly string[] CanteenZones = ["z-canteen-hall", "z-canteen-kitchen"];
    private static readonly string[] AllZones = ["z-canteen-hall", "z-canteen-kitchen", "z-dorm-a", "z-office-2f"];

    [Fact]
    public async Task Zone_stars_list_only_the_supervisors_zones_and_another_units_zone_history_is_not_found()
    {
        var canteen = await november.App.SignInAsync("sup-canteen");
        Assert.Equal(CanteenZones, await RatedZonesAsync(canteen));
        Assert.Equal(["z-dorm-a"], await RatedZonesAsync(await november.App.SignInAsync("sup-dorm")));
        Assert.Equal(AllZones, await RatedZonesAsync(await november.App.SignInAsync("leader1")));
        Assert.Equal(AllZones, await RatedZonesAsync(await november.App.SignInAsync("safety1")));

        Assert.Equal(HttpStatusCode.NotFound, (await canteen.GetAsync("/api/zones/z-dorm-a/ratings")).StatusCode);
        await canteen.GetJsonAsync("/api/zones/z-canteen-kitchen/ratings");
        await (await november.App.SignInAsync("sup-dorm")).GetJsonAsync("/api/zones/z-dorm-a/ratings");
    }

    [Fact]
    public async Task The_monthly_pdf_of_a_supervisor_names_only_their_zones_and_counts_only_their_findings()
    {
        var canteen = await MonthlyTextAsync(await november.App.SignInAsync("sup-canteen"));
        Assert.Contains("Findings raised: 3 (major: 1, repeats: 0)", canteen, StringComparison.Ordinal);
        Assert.Contains("Canteen 1 kitchen", canteen, StringComparison.Ordinal);
        Assert.Contains("Canteen 1 dining hall", canteen, StringComparison.Ordinal);
        Assert.DoesNotContain("Dormitory A building", canteen, StringComparison.Ordinal);
        Assert.DoesNotContain("Office Building 2F", canteen, StringComparison.Ordinal);
        Assert.Contains("Overdue findings (1)", canteen, StringComparison.Ordinal);

        var dorm = await MonthlyTextAsync(await november.App.SignInAsync("sup-dorm"));
        Assert.Contains("Findings raised: 1 (major: 0, repeats: 0)", dorm, StringComparison.Ordinal);
        Assert.Contains("Dormitory A building", dorm, StringComparison.Ordinal);
        Assert.DoesNotContain("Canteen 1", dorm, StringComparison.Ordinal);
        Assert.DoesNotContain("Office Building 2F", dorm, StringComparison.Ordinal);

        // The company's supervisor answers for every unit below it.
        var leader = await MonthlyTextAsync(await november.App.SignInAsync("leader1"));
        Assert.Contains("Findings raised: 5 (major: 1, repeats: 0)", leader, StringComparison.Ordinal);
        Assert.Contains("Dormitory A building", leader, StringComparison.Ordinal);
        Assert.Contains("Office Building 2F", leader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closure_register_and_statutory_figures_of_a_supervisor_cover_only_their_units()
    {
        var canteen = await november.App.SignInAsync("sup-canteen");
        var byZone = await canteen.GetJsonAsync("/api/reports/closure?from=2026-11-01&to=2026-11-30&groupBy=zone");
        Assert.Equal(CanteenZones, byZone.EnumerateArray().Select(r => r.GetProperty("key").GetString()!));
        var byUnit = Assert.Single((await canteen.GetJsonAsync("/api/reports/closure?from=2026-11-01&to=2026-11-30&groupBy=unit")).EnumerateArray());
        Assert.Equal(("canteen-1", 3), (byUnit.GetProperty("key").GetString(), byUnit.GetProperty("raised").GetInt32()));

        var leader = await (await november.App.SignInAsync("leader1")).GetJsonAsync("/api/reports/closure?from=2026-11-01&to=2026-11-30&groupBy=unit");
        Assert.Equal(["canteen-1", "dorm-a", "office"], leader.EnumerateArray().Select(r => r.GetProperty("key").GetString()!));

        var dorm = await november.App.SignInAsync("sup-dorm");
        var csv = Encoding.UTF8.GetString(await dorm.GetByteArrayAsync("/api/reports/register?from=2026-11-01&to=2026-11-30&format=csv"));
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Contains(november.C, Assert.Single(rows), StringComparison.Ordinal);
        Assert.DoesNotContain("Canteen 1", csv, StringComparison.Ordinal);

        var figures = await canteen.GetJsonAsync("/api/reports/statutory?year=2026");
        Assert.Equal(3, figures.GetProperty("all").GetProperty("found").GetInt32());
    }

    [Fact]
    public async Task The_pages_offer_a_supervisor_only_their_zones()
    {
        var canteen = await november.App.SignInToPagesAsync("sup-canteen");

        var findings = await canteen.PageAsync("/findings");
        Assert.Equal(CanteenZones, ZoneOptions(findings));
        Assert.DoesNotContain("Dormitory A building", findings, StringComparison.Ordinal);

        var ratings = await canteen.PageAsync("/office/ratings?month=2026-11");
        Assert.Equal(CanteenZones, PageClients.AttributeValues(ratings, "data-zone").Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain("Dormitory A building", ratings, StringComparison.Ordinal);

        var closure = await canteen.PageAsync("/office/closure?from=2026-11-01&to=2026-11-30&groupBy=zone");
        Assert.Equal(CanteenZones, PageClients.AttributeValues(closure, "data-key"));
        Assert.DoesNotContain("Dormitory A building", closure, StringComparison.Ordinal);

        var pdf = await canteen.GetAsync("/office/closure?handler=monthly&month=2026-11");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        var text = await PdfText.ReadAsync(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains("Canteen 1 kitchen", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Dormitory A building", text, StringComparison.Ordinal);

        // The safety office is offered every zone.
        Assert.Equal(AllZones, ZoneOptions(await (await november.App.SignInToPagesAsync("safety1")).PageAsync("/findings")));
    }

    private static async Task<string[]> RatedZonesAsync(HttpClient client) =>
        [.. (await client.GetJsonAsync("/api/zones/ratings?month=2026-11")).EnumerateArray().Select(r => r.GetProperty("zone").GetString()!).Order(StringComparer.Ordinal)];

    private static async Task<string> MonthlyTextAsync(HttpClient client)
    {
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var response = await client.GetAsync("/api/reports/monthly?month=2026-11&format=pdf");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await PdfText.ReadAsync(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The zone keys the findings page's zone filter offers, in page order.</summary>
    private static string[] ZoneOptions(string html)
    {
        var select = html[html.IndexOf("<select name=\"zone\">", StringComparison.Ordinal)..];
        select = select[..select.IndexOf("</select>", StringComparison.Ordinal)];
        return [.. PageClients.AttributeValues(select, "value").Where(v => v.Length > 0)];
    }
}
