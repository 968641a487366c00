using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using SafetyFlow.Web.Features.People;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Auth;

/// <summary>Sign-in, the people an admin deactivates, and the checks every signed-in request goes through.</summary>
public static class AuthComposition
{
    public static WebApplicationBuilder AddSignIn(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.Configure<IdentityOptions>(identity =>
        {
            // The password policy the README states; the org import checks new passwords with it too.
            identity.Password.RequiredLength = 8;
            identity.Password.RequiredUniqueChars = 4;
            identity.Password.RequireDigit = true;
            identity.Password.RequireLowercase = true;
            identity.Password.RequireUppercase = true;
            identity.Password.RequireNonAlphanumeric = true;

            // No lockout by failure count: anyone could lock out any known name. Attempts are rate limited instead.
            identity.Lockout.MaxFailedAccessAttempts = int.MaxValue;
        });

        services.AddScoped<IdentityErrorDescriber, LocalizedIdentityErrors>();
        services.AddScoped<SignInCheck>();
        services.AddScoped<IssueToken>();
        services.AddScoped<DeactivatePerson>();
        services.AddScoped<ActivatePerson>();
        services.AddScoped<AddPerson>();
        services.AddScoped<EditPerson>();
        services.AddScoped<CurrentPeople>();
        services.AddScoped<SessionCookieEvents>();
        services.AddScoped<BearerTokenEvents>();
        services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, cookie => cookie.EventsType = typeof(SessionCookieEvents));
        services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt => jwt.EventsType = typeof(BearerTokenEvents));
        builder.AddSignInDefences();
        return builder;
    }
}
