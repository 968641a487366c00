using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace SafetyFlow.BrowserTests.Support;

/// <summary>
/// The real SafetyFlow app on Kestrel at a free loopback port, with the demo organisation, the simulation clock and a
/// fresh SQLite file, driven by Debian's Chromium through Playwright.
/// </summary>
public class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Demo!2026";

    /// <summary>Monday 2026-11-23 09:00 in Shanghai: inside ISO week 2026-W48.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));

    public static readonly ViewportSize Phone = new() { Width = 360, Height = 740 };

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "safetyflow-browser", Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public BrowserApp()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().TrimEnd('/');

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A new browser context (its own cookies) at the given size, speaking the given language.</summary>
    public async Task<IPage> OpenAsync(ViewportSize viewport, string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport,
            BaseURL = BaseUrl,
            Locale = locale,
            HasTouch = viewport.Width < 500,
            IsMobile = false,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Signs in through the login form, as a person would, reading the pages in <paramref name="locale"/>'s language: the
    /// browser has chosen it with the language switch before (its cookie), which wins over the person's saved language.
    /// </summary>
    public async Task<IPage> SignInAsync(string userName, ViewportSize viewport, string locale = "en-US")
    {
        var page = await OpenAsync(viewport, locale);
        var culture = locale.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN" : "en";
        await page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = ".SafetyFlow.Culture", Value = Uri.EscapeDataString($"c={culture}|uic={culture}"), Url = BaseUrl }]);
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("form:not(.inline) button[type=submit]");
        // The first sign-in of a fresh app also warms it up (password hashing, the first page rendered): give it time.
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { Timeout = 60_000 });
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}.png"), FullPage = fullPage });
    }

    /// <summary>Whether the page is wider than the window (something would scroll sideways).</summary>
    public static async Task<bool> ScrollsSidewaysAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the folder is under the temp folder.
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("ConnectionStrings:SafetyFlow", $"Data Source={Path.Combine(_folder, "safetyflow.db")}");
        builder.UseSetting("SafetyFlow:Clock:Mode", "Manual");
        builder.UseSetting("SafetyFlow:Clock:Start", Start.ToString("O"));
        builder.UseSetting("SafetyFlow:Demo:Enabled", "true");
        builder.UseSetting("SafetyFlow:Jobs:SweepInterval", "01:00:00");

        // Every test signs in from the same address; the sign-in limits are tested in the integration tests.
        builder.UseSetting("SafetyFlow:Auth:RateLimits:PerAddress", "100000");
        builder.UseSetting("SafetyFlow:Auth:RateLimits:PerUserName", "100000");
        builder.UseSetting("SafetyFlow:Photos:Path", Path.Combine(_folder, "photos"));
        builder.UseEnvironment("Testing");
        Configure(builder);
    }

    /// <summary>Settings a test class needs on top of the usual ones.</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }
}

/// <summary>The app with one setting of its own on top of the usual ones, for a test class that needs it.</summary>
public abstract class BrowserAppWith(string key, string value) : BrowserApp
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting(key, value);
}
