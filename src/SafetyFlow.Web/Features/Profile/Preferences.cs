using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
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

/// <summary>The viewer's own message settings.</summary>
public sealed record ReadPreferencesRequest(Viewer Viewer);

/// <summary>A person's own message settings: language, whether to get email, and which group webhook also carries their notifications.</summary>
public sealed class ReadPreferences(SafetyFlowDbContext db, IOptions<WebhookOptions> webhooks)
{
    public async Task<Result<PreferencesView>> HandleAsync(ReadPreferencesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == request.Viewer.UserId, cancellationToken);
        return user is null ? new Failure.NotFound() : PreferenceViews.Of(user, webhooks.Value);
    }
}

/// <summary>The viewer's new settings: the <paramref name="Preferences"/> as <c>PUT /api/me/preferences</c> takes them.</summary>
public sealed record UpdatePreferencesRequest(PreferencesRequest Preferences, Viewer Viewer);

/// <summary>Sets the viewer's language, email notifications on or off, and an optional group webhook for their notifications.</summary>
public sealed class UpdatePreferences(IValidator<PreferencesRequest> validator, SafetyFlowDbContext db, IOptions<WebhookOptions> webhooks)
{
    public async Task<Result<PreferencesView>> HandleAsync(UpdatePreferencesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request.Preferences, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == request.Viewer.UserId, cancellationToken);
        if (user is null)
        {
            return new Failure.NotFound();
        }

        var preferences = request.Preferences;
        user.Language = preferences.Language!;
        user.NotifyByEmail = preferences.NotifyByEmail!.Value;
        user.NotifyWebhook = string.IsNullOrEmpty(preferences.Webhook) ? null : webhooks.Value.Find(preferences.Webhook)!.Name;
        await db.SaveChangesAsync(cancellationToken);
        return PreferenceViews.Of(user, webhooks.Value);
    }
}

internal static class PreferenceViews
{
    public static PreferencesView Of(AppUser user, WebhookOptions webhooks) =>
        new(user.Language, user.NotifyByEmail, user.Email, user.NotifyWebhook, [.. webhooks.Webhooks.Select(w => w.Name)]);
}

/// <summary>The endpoints over <see cref="ReadPreferences"/> and <see cref="UpdatePreferences"/>.</summary>
internal static class PreferencesEndpoint
{
    public static async Task<Results<Ok<PreferencesView>, FailureHttpResult>> Get(
        ClaimsPrincipal user, ViewerFactory viewers, ReadPreferences preferences, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(user, cancellationToken);
        var result = await preferences.HandleAsync(new ReadPreferencesRequest(viewer), cancellationToken);
        return result.ToHttp(view => TypedResults.Ok(view));
    }

    public static async Task<Results<Ok<PreferencesView>, FailureHttpResult>> Update(
        PreferencesRequest request, ClaimsPrincipal user, ViewerFactory viewers, UpdatePreferences preferences, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(user, cancellationToken);
        var result = await preferences.HandleAsync(new UpdatePreferencesRequest(request, viewer), cancellationToken);
        return result.ToHttp(view => TypedResults.Ok(view));
    }
}

public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me").WithTags("Profile").RequireAuthorization();
        group.MapGet("/preferences", PreferencesEndpoint.Get).WithName("GetPreferences").WithSummary("The caller's language and notification channels.");
        group.MapPut("/preferences", PreferencesEndpoint.Update).Validate<PreferencesRequest>().WithName("UpdatePreferences")
            .WithSummary("Sets the caller's language, email notifications on or off, and an optional group webhook for their notifications.");
        return app;
    }
}
