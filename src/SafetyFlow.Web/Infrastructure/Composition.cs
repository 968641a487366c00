using System.Text.Json.Serialization;
using FluentValidation;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Admin;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Org;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Jobs;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>The building blocks <c>Program.cs</c> lists, one per concern.</summary>
public static class Composition
{
    public static WebApplicationBuilder AddSettings(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<CalendarOptions, CalendarOptionsValidator>(CalendarOptions.Section);
        services.AddValidatedOptions<WorkflowOptions, WorkflowOptionsValidator>(WorkflowOptions.Section);
        services.AddValidatedOptions<JobOptions, JobOptionsValidator>(JobOptions.Section);
        services.AddValidatedOptions<ReportOptions, ReportOptionsValidator>(ReportOptions.Section);
        services.AddValidatedOptions<ReviewOptions, ReviewOptionsValidator>(ReviewOptions.Section);
        services.AddValidatedOptions<BootstrapOptions, BootstrapOptionsValidator>(BootstrapOptions.Section);
        services.AddValidatedOptions<AuthOptions, AuthOptionsValidator>(AuthOptions.Section);
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        services.AddOptions<ClockOptions>().BindConfiguration(ClockOptions.Section).ValidateOnStart();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateOnStart();
        services.AddSingleton<WorkCalendar>();
        return builder;
    }

    public static WebApplicationBuilder AddClock(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ClockOptions.Section).Get<ClockOptions>() ?? new ClockOptions();
        if (options.Mode == ClockMode.Manual)
        {
            var clock = new ManualClock(options.Start ?? DateTimeOffset.UtcNow);
            builder.Services.AddSingleton(clock);
            builder.Services.AddSingleton<TimeProvider>(clock);

            // Only a manual clock can be moved; every node follows its stored position.
            builder.Services.AddScoped<AdvanceClock>();
            builder.Services.AddHostedService(services => services.GetRequiredService<ClockFollower>());
        }
        else
        {
            builder.Services.AddSingleton(TimeProvider.System);
        }

        builder.Services.AddSingleton<ClockFollower>();

        return builder;
    }

    public static WebApplicationBuilder AddPersistence(this WebApplicationBuilder builder)
    {
        // The web server, the job server and the followers start side by side rather than one after another.
        builder.Services.Configure<HostOptions>(host =>
        {
            host.ServicesStartConcurrently = true;
            host.ServicesStopConcurrently = true;
        });

        var provider = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite;
        var connectionString = ConnectionString(builder);
        if (provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddDbContext<SafetyFlowDbContext, PostgresSafetyFlowDbContext>((services, db) =>
                db.UseNpgsql(connectionString).AddInterceptors(services.GetRequiredService<FindingEventDispatcher>()));
        }
        else
        {
            builder.Services.AddDbContext<SafetyFlowDbContext>((services, db) =>
                db.UseSqlite(connectionString).AddInterceptors(services.GetRequiredService<FindingEventDispatcher>()));
        }

        // What follows from a change to a finding (its notifications) is added as the change is saved.
        builder.Services.AddSingleton<FindingEventDispatcher>();

        return builder;
    }

    /// <summary><c>ConnectionStrings:SafetyFlow</c>, or a SQLite file in the app's data folder.</summary>
    public static string ConnectionString(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration.GetConnectionString("SafetyFlow");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var folder = Path.Combine(builder.Environment.ContentRootPath, "data");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "safetyflow.db")}";
    }

    public static WebApplicationBuilder AddIdentityAndTokens(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // The password policy, lockout and rate limits are set in Features/Auth/AuthComposition.cs.
        services.AddIdentityCore<AppUser>(identity => identity.User.RequireUniqueEmail = false)
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<SafetyFlowDbContext>()
            .AddSignInManager();

        // Cookies and anti-forgery tokens must read the same on every node and after a restart: keep the keys in the
        // database, sealed with the master key that stays outside it (decision 015).
        services.AddKeys();
        services.AddDataProtection().SetApplicationName("SafetyFlow").PersistKeysToDbContext<SafetyFlowDbContext>().ProtectKeysWithMasterKey();

        services.AddSingleton<SigningKeys>();
        services.AddSingleton<TokenIssuer>();
        services.AddAuthentication().AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeys>((jwt, keys) =>
            {
                // Token lifetimes are real time whatever the clock mode (decision 003).
                jwt.TimeProvider = TimeProvider.System;
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = SigningKeys.Issuer,
                    ValidAudience = SigningKeys.Issuer,
                    NameClaimType = TokenClaims.Name,
                    RoleClaimType = TokenClaims.Role,
                    IssuerSigningKeyResolver = (_, _, _, _) => [keys.Key],
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });

        // A route that forgets to say who may call it is closed to everyone not signed in, not open to all.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, p => p.RequireRole(nameof(Role.Admin)))
            .AddPolicy(Policies.SafetyOfficeOrAdmin, p => p.RequireRole(nameof(Role.SafetyOffice), nameof(Role.Admin)))
            .AddPolicy(Policies.Auditors, p => p.RequireRole(nameof(Role.SafetyOffice), nameof(Role.Admin), nameof(Role.Supervisor)));
        services.AddScoped<ViewerFactory>();
        return builder;
    }

    /// <summary>Loads and validates the workflow definitions now: an invalid file stops start-up naming file, line and field.</summary>
    public static WebApplicationBuilder AddWorkflows(this WebApplicationBuilder builder)
    {
        var path = builder.Configuration[$"{WorkflowOptions.Section}:Path"] ?? new WorkflowOptions().Path;
        var folder = Path.GetFullPath(path, builder.Environment.ContentRootPath);
        var catalog = WorkflowLoader.LoadFolder(folder);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton<WorkflowRegistry>();
        builder.Services.AddHostedService<WorkflowFollower>();
        builder.Services.AddScoped<RoundPlanner>();
        builder.Services.AddScoped<PendingInspectionUpgrade>();
        builder.Services.AddScoped<ZoneRater>();
        builder.Services.AddSingleton<ReportFonts>();
        builder.Services.AddSingleton<WorkClaims>();
        builder.Services.AddSingleton<EscalationSweep>();
        builder.Services.AddScoped<StalledEscalations>();
        return builder;
    }

    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var provider = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite;
        var connectionString = ConnectionString(builder);
        builder.Services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (provider == DatabaseProvider.Postgres)
            {
                config.UsePostgreSqlStorage(storage => storage.UseNpgsqlConnection(connectionString));
            }
            else
            {
                // The database holds every timer; Hangfire only wakes the sweeps, so an in-memory store loses nothing.
                config.UseInMemoryStorage();
            }
        });
        builder.Services.AddSingleton<JobServerName>();
        builder.Services.AddHangfireServer((services, server) =>
        {
            server.ServerName = services.GetRequiredService<JobServerName>().Value;
            server.WorkerCount = Math.Max(2, Environment.ProcessorCount);
        });
        builder.Services.AddScoped<EscalationSweepJob>();
        builder.Services.AddScoped<WeeklyRoundJob>();
        builder.Services.AddScoped<ZoneRatingJob>();
        return builder;
    }

    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        ValidationExtensions.UseCamelCasePropertyNames();
        services.AddUiLocalization();
        services.AddValidatorsFromAssemblyContaining<OrgImporter>(includeInternalTypes: true, filter: v => !v.ValidatorType.Name.EndsWith("OptionsValidator", StringComparison.Ordinal));
        services.AddProblemDetails();

        // Unreadable bodies reach the exception handler, which names the field in a problem document.
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddTransient<IStartupFilter, NulQueryFilter>();
        services.AddOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>()
            .Configure<WorkCalendar>((json, calendar) =>
            {
                json.SerializerOptions.Converters.Add(new LocalOffsetConverter(calendar));
                json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            });
        services.AddApiDocument();
        services.AddSafetyFlowHealthChecks();
        services.AddScoped<OrgImporter>();
        services.AddScoped<ImportOrg>();
        services.AddScoped<OrgTemplate>();
        services.AddScoped<EditUnit>();
        services.AddScoped<EditZone>();
        services.AddScoped<EditAsset>();
        services.AddScoped<FindingReader>();
        return builder;
    }
}
