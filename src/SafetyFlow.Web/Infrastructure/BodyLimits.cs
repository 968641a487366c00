using Microsoft.AspNetCore.Http.Features;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// The largest request body each kind of route takes. JSON API calls are small (a full checklist is a few kilobytes);
/// the organisation import carries a whole group; pages with photo uploads set their own limits on the page model.
/// Anything larger is refused with 413 before it is read.
/// </summary>
public static class BodyLimits
{
    public const long Json = 1024 * 1024;

    public const long OrgImport = 16L * 1024 * 1024;

    public static IApplicationBuilder UseApiBodyLimits(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = context.Request.Path.StartsWithSegments("/api/org/import", StringComparison.OrdinalIgnoreCase)
                    ? OrgImport
                    : Json;
            }

            return next(context);
        });
}
