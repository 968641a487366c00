using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using FluentValidation;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// Settings under <c>SafetyFlow:Auth:RateLimits</c>: how many sign-in attempts (<c>POST /api/auth/token</c> and the
/// sign-in page) are taken per window before the answer is 429 with <c>Retry-After</c> (decision 014).
/// </summary>
public sealed class SignInLimitOptions
{
    public const string Section = "SafetyFlow:Auth:RateLimits";

    /// <summary>Attempts for one user name from one client address per window. A stranger elsewhere pauses only themselves.</summary>
    public int PerUserName { get; set; } = 10;

    /// <summary>Attempts from one client address per window, whatever the names: slows spraying one password over many names.</summary>
    public int PerAddress { get; set; } = 30;

    /// <summary>The window the counts are kept over.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

internal sealed class SignInLimitOptionsValidator : AbstractValidator<SignInLimitOptions>
{
    public SignInLimitOptionsValidator()
    {
        RuleFor(o => o.PerUserName).InclusiveBetween(1, 1_000_000).WithName("SafetyFlow:Auth:RateLimits:PerUserName");
        RuleFor(o => o.PerAddress).InclusiveBetween(1, 1_000_000).WithName("SafetyFlow:Auth:RateLimits:PerAddress");
        RuleFor(o => o.Window).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)).WithName("SafetyFlow:Auth:RateLimits:Window");
    }
}

/// <summary>Marks what takes a password (the token route, the sign-in page): its POSTs count against the sign-in limits.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SignInAttemptAttribute : Attribute;

/// <summary>What goes into the security-stamp claim: a digest, so a readable token does not carry the stamp itself.</summary>
public static class SessionStamp
{
    public static string Of(string? securityStamp) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(securityStamp ?? "")), 0, 16);
}

/// <summary>
/// Rate limits on sign-in, by client address and by user name from that address, with ASP.NET Core's rate limiter.
/// The user name is in the body, so it is read (and the body kept for the endpoint or page) before the limiter runs.
/// </summary>
public static class SignInDefences
{
    private const string AttemptedName = "SafetyFlow.SignIn.UserName";
    private const int LargestReadBody = 16 * 1024;

    public static WebApplicationBuilder AddSignInDefences(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddValidatedOptions<SignInLimitOptions, SignInLimitOptionsValidator>(SignInLimitOptions.Section);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SignInLimitOptions>>((limiter, settings) =>
        {
            var limits = settings.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignIn(context)
                    ? RateLimitPartition.GetFixedWindowLimiter("address:" + Address(context), _ => Window(limits.PerAddress, limits.Window))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignIn(context)
                    ? RateLimitPartition.GetFixedWindowLimiter($"name:{Address(context)}:{context.Items[AttemptedName]}", _ => Window(limits.PerUserName, limits.Window))
                    : RateLimitPartition.GetNoLimiter("")));
            limiter.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.Window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(
                        $"Too many sign-in attempts; try again in {seconds} seconds.",
                        statusCode: StatusCodes.Status429TooManyRequests,
                        title: "Too many sign-in attempts")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
        return builder;
    }

    /// <summary>Reads the attempted user name of a sign-in request, then applies the limits.</summary>
    public static WebApplication UseSignInDefences(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            // Routing has run (WebApplication puts it first), so the endpoint is known here.
            if (IsSignInRequest(context.Request))
            {
                context.Items[AttemptedName] = Normalise(await AttemptedUserNameAsync(context.Request));
            }

            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    private static bool IsSignIn(HttpContext context) => context.Items.ContainsKey(AttemptedName);

    /// <summary>A POST to an endpoint marked <see cref="SignInAttemptAttribute"/>, however its path is spelled (case, a trailing slash).</summary>
    private static bool IsSignInRequest(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<SignInAttemptAttribute>() is not null;

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString();

    private static string Normalise(string? userName) => (userName ?? "").Trim().ToUpperInvariant();

    /// <summary>The <c>userName</c> of the JSON body or the form; empty when there is none or the body is not readable.</summary>
    private static async Task<string?> AttemptedUserNameAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            try
            {
                return (await request.ReadFormAsync(request.HttpContext.RequestAborted))["userName"].ToString();
            }
            catch (InvalidDataException)
            {
                // The page answers the unreadable form itself.
                return null;
            }
        }

        if (request.ContentLength is > LargestReadBody)
        {
            return null;
        }

        request.EnableBuffering();
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // The endpoint binds property names case-insensitively, so the limiter reads them the same way.
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (string.Equals(property.Name, "userName", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                {
                    return property.Value.GetString();
                }
            }

            return null;
        }
        catch (JsonException)
        {
            // The endpoint answers the unreadable body with its own 400.
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
