using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Jobs;

namespace SafetyFlow.Web.Features.Delivery;

public static class DeliveryComposition
{
    /// <summary>Email, webhooks and digests on top of the outbox; every setting is validated at start.</summary>
    public static WebApplicationBuilder AddDelivery(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddValidatedOptions<EmailOptions, EmailOptionsValidator>(EmailOptions.Section);
        services.AddValidatedOptions<WebhookOptions, WebhookOptionsValidator>(WebhookOptions.Section);
        services.AddValidatedOptions<DeliveryOptions, DeliveryOptionsValidator>(DeliveryOptions.Section);
        services.AddValidatedOptions<LinkOptions, LinkOptionsValidator>(LinkOptions.Section);
        services.AddValidatedOptions<DigestOptions, DigestOptionsValidator>(DigestOptions.Section);

        // Each attempt has its own timeout (SafetyFlow:Delivery:Timeout); the client's own would only cut it shorter.
        services.AddHttpClient(WebhookChannel.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<EmailChannel>();
        services.AddSingleton<WebhookChannel>();
        services.AddSingleton<OutboxDrain>();
        services.AddScoped<DeliveryComposer>();
        services.AddScoped<Digests>();
        services.AddScoped<ListDeliveries>();
        services.AddScoped<ResendDelivery>();
        services.AddScoped<OutboxDrainJob>();
        services.AddScoped<DailyDigestJob>();
        services.AddScoped<WeeklyDigestJob>();
        return builder;
    }
}
