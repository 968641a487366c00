using System.Text;
using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>The safety office's closure page: figures by group, charts, and the register and monthly report as downloads.</summary>
public sealed class ClosurePageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_closure_page_counts_a_new_finding_draws_its_charts_and_downloads_the_register_and_the_monthly_report()
    {
        await Steps.RaiseKitchenFindingAsync(app);
        var office = await app.SignInAsync("safety1", BrowserApp.Desktop);
        await office.ClickAsync("nav a[href='/office/closure']");
        Assert.Equal("2026-11-01", await office.InputValueAsync("input[name=from]"));

        var kitchen = office.Locator("table.closure tbody tr[data-key='z-canteen-kitchen']");
        await Assertions.Expect(kitchen).ToContainTextAsync("Canteen 1 kitchen");
        await Assertions.Expect(kitchen.Locator(".raised")).ToHaveTextAsync("1");
        await Assertions.Expect(kitchen.Locator(".closed")).ToHaveTextAsync("0");
        await Assertions.Expect(kitchen.Locator(".aging0")).ToHaveTextAsync("1");
        // The figures come with the page; the charts are drawn once its scripts have run (a wait that fails after 15 s).
        await office.WaitForFunctionAsync("() => !!window.Chart && ['rates', 'aging'].every(id => { const c = document.getElementById(id); return !!window.Chart.getChart(c) && c.width > 0; })");
        await BrowserApp.ScreenshotAsync(office, "closure-desktop");

        var xlsx = await office.RunAndWaitForDownloadAsync(() => office.ClickAsync("a.download-xlsx"));
        Assert.Matches(@"^hazard-register-20261101-20261123\.xlsx$", xlsx.SuggestedFilename);
        var xlsxBytes = await File.ReadAllBytesAsync(await xlsx.PathAsync());
        Assert.True(xlsxBytes.Length > 1000);
        Assert.Equal("PK", Encoding.ASCII.GetString(xlsxBytes, 0, 2));

        var csv = await office.RunAndWaitForDownloadAsync(() => office.ClickAsync("a.download-csv"));
        Assert.Contains("Extinguisher missing from its bracket.", await File.ReadAllTextAsync(await csv.PathAsync()), StringComparison.Ordinal);

        var pdf = await office.RunAndWaitForDownloadAsync(() => office.ClickAsync("a.download-pdf"));
        Assert.EndsWith(".pdf", pdf.SuggestedFilename, StringComparison.Ordinal);
        var pdfBytes = await File.ReadAllBytesAsync(await pdf.PathAsync());
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdfBytes, 0, 4));

        // Grouped by severity; the page keeps to the window on a phone.
        await office.SelectOptionAsync("select[name=groupBy]", "severity");
        await office.ClickAsync("form.closure-filters button[type=submit]");
        await Assertions.Expect(office.Locator("table.closure tbody tr[data-key='general']")).ToContainTextAsync("General");
        var phone = await app.SignInAsync("safety1", BrowserApp.Phone);
        await phone.GotoAsync("/office/closure");
        await Assertions.Expect(phone.Locator("table.closure")).ToBeVisibleAsync();
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(phone));
        await BrowserApp.ScreenshotAsync(phone, "closure-phone");

        // A supervisor sees the page too; the monthly report refuses a month it cannot read.
        var supervisor = await app.SignInAsync("sup-dorm", BrowserApp.Desktop);
        await supervisor.GotoAsync("/office/closure");
        await Assertions.Expect(supervisor.Locator("table.closure tbody tr[data-key='z-canteen-kitchen']")).ToHaveCountAsync(0);
        var bad = await supervisor.APIRequest.GetAsync("/office/closure?handler=monthly&month=November");
        Assert.Equal(400, bad.Status);
    }
}
