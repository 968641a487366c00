using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Delivery;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Profile;

public sealed record PreferencesRequest(string? Language, bool? NotifyByEmail, string? Webhook);

public sealed record PreferencesView(string Language, bool NotifyByEmail, string? Email, string? Webhook, IReadOnlyList<string> Webhooks);

internal sealed class PreferencesRequestValidator : AbstractValidator<PreferencesRequest>
{
    public PreferencesRequestValidator(IOptions<WebhookOptions> webhooks)
    {
        RuleFor(r => r.Language).NotEmpty().Must(l => l is "zh-CN" or "en").WithMessage("Use zh-CN or en.");
        RuleFor(r => r.NotifyByEmail).NotNull();
        RuleFor(r => r.Webhook)
            .Must(name => webhooks.Value.Find(name!) is not null)
            .When(r => !string.IsNullOrEmpty(r.Webhook))
            .WithMessage(r => webhooks.Value.Webhooks.Count == 0
                ? $"No webhook named '{r.Webhook}' is configured; no webhooks are."
                : $"No webhook named '{r.Webhook}' is configured (configured: {string.Join(", ", webhooks.Value.Webhooks.Select(w => w.Name))}).");
    }
}

/// <summary>A person's own message settings: language, whether to get email, and which group webhook also carries their notifications.</summary>
internal static class Preferences
{
    public static async Task<Ok<PreferencesView>> Get(HttpContext context, SafetyFlowDbContext db, ViewerFactory viewers, IOptions<WebhookOptions> webhooks, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == viewer.UserId, cancellationToken);
        return TypedResults.Ok(new PreferencesView(user.Language, user.NotifyByEmail, user.Email, user.NotifyWebhook, Names(webhooks)));
    }

    public static async Task<Ok<PreferencesView>> Update(
        PreferencesRequest request,
        HttpContext context,
        SafetyFlowDbContext db,
        ViewerFactory viewers,
        IOptions<WebhookOptions> webhooks,
        CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var user = await db.Users.SingleAsync(u => u.Id == viewer.UserId, cancellationToken);
        user.Language = request.Language!;
        user.NotifyByEmail = request.NotifyByEmail!.Value;
        user.NotifyWebhook = string.IsNullOrEmpty(request.Webhook) ? null : webhooks.Value.Find(request.Webhook)!.Name;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new PreferencesView(user.Language, user.NotifyByEmail, user.Email, user.NotifyWebhook, Names(webhooks)));
    }

    private static string[] Names(IOptions<WebhookOptions> webhooks) => [.. webhooks.Value.Webhooks.Select(w => w.Name)];
}

public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me").WithTags("Profile").RequireAuthorization();
        group.MapGet("/preferences", Preferences.Get).WithName("GetPreferences").WithSummary("The caller's language and notification channels.");
        group.MapPut("/preferences", Preferences.Update).Validate<PreferencesRequest>().WithName("UpdatePreferences")
            .WithSummary("Sets the caller's language, email notifications on or off, and an optional group webhook for their notifications.");
        return app;
    }
}
