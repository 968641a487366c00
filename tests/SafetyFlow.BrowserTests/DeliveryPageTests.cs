using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SafetyFlow.BrowserTests.Support;

namespace SafetyFlow.BrowserTests;

/// <summary>The app with a webhook whose receiver answers 500 until told otherwise, and one attempt per delivery.</summary>
public sealed class FailingWebhookApp : BrowserApp
{
    private readonly WebApplication _receiver;

    public FailingWebhookApp()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _receiver = builder.Build();
        _receiver.MapPost("/{**path}", (HttpContext context) =>
        {
            context.Response.StatusCode = ReceiverStatus;
            return Task.CompletedTask;
        });
        _receiver.StartAsync().GetAwaiter().GetResult();
        ReceiverUrl = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string ReceiverUrl { get; }

    public int ReceiverStatus { get; set; } = 500;

    public override async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("SafetyFlow:Webhooks:0:Name", "safety-desk");
        builder.UseSetting("SafetyFlow:Webhooks:0:Url", $"{ReceiverUrl}/hooks/safety");
        builder.UseSetting("SafetyFlow:Webhooks:0:Language", "en");
        builder.UseSetting("SafetyFlow:Delivery:MaxAttempts", "1");
    }
}

/// <summary>The admin's deliveries page: a webhook post that failed is listed with its error and can be sent again.</summary>
public sealed class DeliveryPageTests(FailingWebhookApp app) : IClassFixture<FailingWebhookApp>
{
    [Fact]
    public async Task A_failed_webhook_delivery_is_listed_and_sent_again_from_the_deliveries_page()
    {
        await Steps.RaiseKitchenFindingAsync(app);
        await Steps.AdvanceClockAsync(app, "PT1M");

        var admin = await app.SignInAsync("admin", BrowserApp.Desktop);
        await admin.ClickAsync("nav a[href='/admin/deliveries']");
        var row = admin.Locator("table.deliveries tbody tr", new() { HasText = "safety-desk" }).First;
        await Assertions.Expect(row).ToContainTextAsync("Webhook");
        await Assertions.Expect(row).ToContainTextAsync("finding.");
        await Assertions.Expect(row.Locator(".last-error")).ToContainTextAsync("500");
        await BrowserApp.ScreenshotAsync(admin, "deliveries-desktop");
        var failedBefore = await admin.Locator("table.deliveries tbody tr").CountAsync();

        app.ReceiverStatus = 200;
        await row.Locator("button.resend").ClickAsync();
        await Assertions.Expect(admin.Locator(".resend-outcome")).ToContainTextAsync("Sent again to safety-desk.");
        await Assertions.Expect(admin.Locator("table.deliveries tbody tr")).ToHaveCountAsync(failedBefore - 1);

        await admin.SelectOptionAsync("select[name=status]", "sent");
        await admin.ClickAsync("form.filters button[type=submit]");
        await Assertions.Expect(admin.Locator("table.deliveries tbody tr", new() { HasText = "safety-desk" }).First).ToBeVisibleAsync();

        var phone = await app.SignInAsync("admin", BrowserApp.Phone);
        await phone.GotoAsync("/admin/deliveries?status=sent");
        Assert.False(await BrowserApp.ScrollsSidewaysAsync(phone));
    }
}
