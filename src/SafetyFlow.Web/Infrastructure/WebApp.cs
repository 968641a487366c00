using System.Globalization;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Features.Photos;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>The browser side: Razor Pages signed in with a cookie, in Chinese or English, served by the API's own process.</summary>
public static class WebApp
{
    /// <summary>Chooses bearer or cookie per request.</summary>
    public const string Scheme = "SafetyFlow";

    public const string CultureCookie = ".SafetyFlow.Culture";

    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static WebApplicationBuilder AddWebApp(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/");
            pages.Conventions.AllowAnonymousToPage("/Login");
            pages.Conventions.AllowAnonymousToPage("/Language");
            pages.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
            pages.Conventions.AuthorizeFolder("/Office", Policies.SafetyOfficeOrAdmin);
            pages.Conventions.AuthorizeFolder("/Reports", Policies.Auditors);
        });
        // Chinese text is written as is, not as character references.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(encoding =>
            encoding.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = ".SafetyFlow.Antiforgery");

        // API routes keep bearer tokens and their 401/403 problem documents; pages sign in with a cookie and redirect.
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer for the API, cookie for pages", policy => policy.ForwardDefaultSelector = context =>
                context.Request.Path.StartsWithSegments("/api") || context.Request.Headers.Authorization.Count > 0
                    ? JwtBearerDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = SavedLanguageProvider.SessionCookie;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.LoginPath = "/login";
                cookie.LogoutPath = "/logout";
                cookie.AccessDeniedPath = "/denied";
                cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
                cookie.SlidingExpiration = true;

                // Sessions live in real time: moving the simulation clock by days must not sign anyone out (decision 003).
                cookie.TimeProvider = TimeProvider.System;
            });

        services.AddValidatedOptions<PhotoOptions, PhotoOptionsValidator>(PhotoOptions.Section);
        services.AddSingleton<PhotoStore>();
        services.AddScoped<CopyPhotosToDatabase>();
        services.AddScoped<PhotoAccess>();
        services.AddSingleton<Ui>();
        return builder;
    }

    public static WebApplication UseWebApp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStaticFiles();
        var localization = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("zh-CN"),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        // The page's language switch, then the signed-in person's saved language, then the browser's.
        localization.RequestCultureProviders =
        [
            new CookieRequestCultureProvider { CookieName = CultureCookie },
            new SavedLanguageProvider(),
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];

        // The API keeps choosing its language from Accept-Language alone.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), branch => branch.UseRequestLocalization(localization));

        // Its validation messages are English whatever the server's locale: clients read the field names, people the pages.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), branch => branch.Use((context, next) =>
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.InvariantCulture;
            return next(context);
        }));
        return app;
    }

    public static WebApplication MapWebApp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRazorPages();
        app.MapPhotoEndpoints();
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminDashboardAuthorization()],
            AppPath = "/",
            DashboardTitle = "SafetyFlow jobs",
        });
        return app;
    }

    /// <summary>The language of the request: the page culture where one was chosen, else the Accept-Language header.</summary>
    public static string Language(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IRequestCultureFeature>() is { } feature
            ? feature.RequestCulture.UICulture.Name
            : context.Request.Headers.AcceptLanguage.ToString().StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN" : "en";
    }
}

/// <summary>
/// The language a signed-in person saved (their preferences, the org import, or the page's switch when they last used
/// it), for a page request that carries no switch cookie: a person who signs in on another phone reads their own language.
/// </summary>
internal sealed class SavedLanguageProvider : RequestCultureProvider
{
    public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!httpContext.Request.Cookies.ContainsKey(SessionCookie) || httpContext.Request.Headers.Authorization.Count > 0)
        {
            return null;
        }

        // The cookie handler authenticates once per request (the authentication middleware later reads this same result),
        // and its check of the person against the database reads the saved language with the roles (CurrentPeople).
        var session = await httpContext.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var language = session.Succeeded ? httpContext.RequestServices.GetRequiredService<Features.Auth.CurrentPeople>().SavedLanguage : null;
        return string.IsNullOrEmpty(language) ? null : new ProviderCultureResult(language);
    }

    public const string SessionCookie = ".SafetyFlow.Session";
}

/// <summary>Only admins, signed in with the page cookie, see the job dashboard.</summary>
internal sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User.IsInRole(nameof(Role.Admin));
}
