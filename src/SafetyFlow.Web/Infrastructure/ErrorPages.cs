namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// What a failure or an empty error status looks like: problem details for the API (and the machine-read health and
/// OpenAPI routes, and bearer-token callers anywhere), the product's error page (<c>Pages/Error</c>) in the page's language for everything else, the
/// job dashboard included.
/// </summary>
public static class ErrorPages
{
    public static WebApplication UseErrorPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(IsForPrograms, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(context => !IsForPrograms(context), pages =>
        {
            pages.UseExceptionHandler("/error");
            pages.UseStatusCodePagesWithReExecute("/error/{0}");
        });

        // Routing comes after them, so that the error page's address is routed when a request is run again for it.
        app.UseRouting();
        return app;
    }

    /// <summary>The API, the health and OpenAPI routes, and any request with a bearer token (a program fetching a photo).</summary>
    private static bool IsForPrograms(HttpContext context) =>
        context.Request.Headers.Authorization.Count > 0
        || context.Request.Path.StartsWithSegments("/api")
        || context.Request.Path.StartsWithSegments("/health")
        || context.Request.Path.StartsWithSegments("/openapi");
}
