using System.Net;
using FluentValidation;
using Microsoft.AspNetCore.HttpOverrides;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>Settings under <c>SafetyFlow:Proxy</c>: the reverse proxies whose forwarded headers are believed.</summary>
public sealed class ProxyOptions
{
    public const string Section = "SafetyFlow:Proxy";

    /// <summary>Addresses of proxies in front of SafetyFlow (for example <c>10.0.0.5</c>). Loopback is always trusted.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks of proxies in CIDR form (for example <c>10.0.0.0/24</c>).</summary>
    public IList<string> KnownNetworks { get; } = [];
}

internal sealed class ProxyOptionsValidator : AbstractValidator<ProxyOptions>
{
    public ProxyOptionsValidator()
    {
        RuleForEach(o => o.KnownProxies)
            .Must(address => IPAddress.TryParse(address, out _))
            .OverridePropertyName("SafetyFlow:Proxy:KnownProxies")
            .WithMessage((_, address) => $"SafetyFlow:Proxy:KnownProxies: '{address}' is not an IP address.");
        RuleForEach(o => o.KnownNetworks)
            .Must(network => System.Net.IPNetwork.TryParse(network, out _))
            .OverridePropertyName("SafetyFlow:Proxy:KnownNetworks")
            .WithMessage((_, network) => $"SafetyFlow:Proxy:KnownNetworks: '{network}' is not a network in CIDR form such as 10.0.0.0/24.");
    }
}

/// <summary>
/// What the browser and the network see of every answer: the client's real address and scheme behind a proxy, HTTPS
/// outside Development, and headers that keep pages from being framed, sniffed or made to run scripts of another origin.
/// </summary>
public static class WebSecurity
{
    private const string PagePolicy = "pages";
    private const string ToolPolicy = "tools";

    public static WebApplicationBuilder AddWebSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddValidatedOptions<ProxyOptions, ProxyOptionsValidator>(ProxyOptions.Section);
        services.AddOptions<ForwardedHeadersOptions>().Configure<Microsoft.Extensions.Options.IOptions<ProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            forwarded.ForwardLimit = 1;
            foreach (var address in proxies.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(address));
            }

            foreach (var network in proxies.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
        });

        services.AddSecurityHeaderPolicies(policies => policies
            .AddPolicy(PagePolicy, headers => headers
                .AddFrameOptionsDeny()
                .AddContentTypeOptionsNoSniff()
                .AddReferrerPolicyStrictOriginWhenCrossOrigin()
                .AddCrossOriginOpenerPolicy(coop => coop.SameOrigin())
                .AddPermissionsPolicy(permissions =>
                {
                    // The checklist takes photos through the file picker; the scan page reads zone signs with the camera.
                    permissions.AddCamera().Self();
                    permissions.AddMicrophone().None();
                    permissions.AddGeolocation().Self();
                    permissions.AddPayment().None();
                    permissions.AddUsb().None();
                })
                .AddContentSecurityPolicy(csp =>
                {
                    csp.AddDefaultSrc().Self();
                    csp.AddScriptSrc().Self();
                    csp.AddScriptSrcAttr().None();

                    // The workflow diagram's renderer writes its own <style> into the drawing; no page writes inline scripts.
                    csp.AddStyleSrc().Self().UnsafeInline();
                    csp.AddImgSrc().Self().Data().Blob();
                    csp.AddConnectSrc().Self();
                    csp.AddFontSrc().Self();
                    csp.AddWorkerSrc().Self();
                    csp.AddManifestSrc().Self();
                    csp.AddObjectSrc().None();
                    csp.AddBaseUri().Self();
                    csp.AddFormAction().Self();
                    csp.AddFrameAncestors().None();
                }))
            .AddPolicy(ToolPolicy, headers => headers
                .AddFrameOptionsDeny()
                .AddContentTypeOptionsNoSniff()
                .AddReferrerPolicyStrictOriginWhenCrossOrigin()
                .AddContentSecurityPolicy(csp =>
                {
                    // The API reference and the job dashboard are third-party pages that configure themselves inline.
                    csp.AddDefaultSrc().Self();
                    csp.AddScriptSrc().Self().UnsafeInline();
                    csp.AddStyleSrc().Self().UnsafeInline();
                    csp.AddImgSrc().Self().Data();
                    csp.AddFontSrc().Self().Data();
                    csp.AddConnectSrc().Self();
                    csp.AddObjectSrc().None();
                    csp.AddFrameAncestors().None();
                }))
            .SetDefaultPolicy(headers => headers
                .AddContentTypeOptionsNoSniff()
                .AddFrameOptionsDeny()
                .AddReferrerPolicyNoReferrer()
                .AddContentSecurityPolicy(csp =>
                {
                    csp.AddDefaultSrc().None();
                    csp.AddFrameAncestors().None();
                }))
            .SetPolicySelector(context => PolicyFor(context.HttpContext.Request.Path) is { } name
                ? context.ConfiguredPolicies[name]
                : context.DefaultPolicy));
        return builder;
    }

    /// <summary>First in the pipeline: forwarded headers, then HTTPS, then the headers every answer carries.</summary>
    public static WebApplication UseWebSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();

            // A load balancer's health probe may speak plain HTTP on the inside; everything else goes to HTTPS.
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/health"), branch => branch.UseHttpsRedirection());
        }

        app.UseSecurityHeaders();
        return app;
    }

    /// <summary>API answers (JSON, files) keep the strict default; pages and the two tool pages get theirs.</summary>
    private static string? PolicyFor(PathString path) =>
        path.StartsWithSegments("/scalar") || path.StartsWithSegments("/hangfire") ? ToolPolicy
        : path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/health") ? null
        : PagePolicy;
}
