using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Org;
using SafetyFlow.Web.Jobs;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>What runs once before the app takes requests: schema, clock, keys, definitions, first accounts, timers.</summary>
public static class Startup
{
    public static async Task PrepareAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var cancellationToken = app.Lifetime.ApplicationStopping;
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<SafetyFlowDbContext>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("SafetyFlow.Startup");

        var timings = services.GetRequiredService<StartupTimings>();

        // Nodes started together on one PostgreSQL take turns here: one migrates and seeds, the others then find it done.
        await using var startupLock = await StartupLock.AcquireAsync(db, cancellationToken);
        timings.Mark("start-up lock");
        // Migrating checks the whole model against the last migration's snapshot, which costs a second or more at every
        // start; a database with every migration applied skips it (the tests guard that the model has none pending).
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer commits; the setting is kept in the database file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        timings.Mark("migrations");
        if (services.GetService<ManualClock>() is { } manual)
        {
            await manual.RestoreAsync(db, cancellationToken);
            logger.LogInformation("Simulation clock at {Now:O}", manual.GetUtcNow());
        }

        // The keys come before anything that writes the trail (the first round's inspections are sealed).
        await services.GetRequiredService<KeyRing>().LoadAsync(db, cancellationToken);
        timings.Mark("keys");
        await services.GetRequiredService<Features.Audit.TrailUpgrade>().SealLegacyAsync(db, cancellationToken);
        timings.Mark("trail upgrade");
        await services.GetRequiredService<WorkflowRegistry>().SyncAsync(db, services.GetRequiredService<TimeProvider>(), cancellationToken);
        timings.Mark("workflow definitions");
        await services.GetRequiredService<PendingInspectionUpgrade>().RunAsync(db, cancellationToken);
        timings.Mark("pending inspections");
        await SeedAsync(services, db, logger, cancellationToken);
        timings.Mark("roles and first accounts");
        await services.GetRequiredService<Features.Photos.CopyPhotosToDatabase>().RunAsync(db, cancellationToken);
        timings.Mark("photo store");

        // A fresh deployment in mid-week gets this week's inspections without waiting for Monday.
        var calendar = services.GetRequiredService<WorkCalendar>();
        await services.GetRequiredService<RoundPlanner>().CreateAsync(calendar.WeekOf(services.GetRequiredService<TimeProvider>().GetUtcNow()), cancellationToken);
        timings.Mark("this week's round");

        RecurringJobs.Register(services);
        timings.Mark("recurring jobs");
    }

    /// <summary>
    /// Builds the database model and the migration list on another thread while the main one maps the routes: both
    /// are needed before the first query, and on two cores they no longer follow one another. A failure here is left
    /// to the start-up steps, which meet it again and report it.
    /// </summary>
    public static Task WarmUp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Task.Run(() =>
        {
            try
            {
                using var scope = app.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
                _ = db.Model;
                _ = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly>(db).Migrations;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                // Reported by PrepareAsync, which runs the same steps.
            }
        });
    }

    /// <summary>
    /// A PostgreSQL session-level advisory lock held on the context's connection from migration to the last seed; the
    /// server lets it go if the node dies meanwhile. SQLite runs one process per file and needs none.
    /// </summary>
    private sealed class StartupLock(SafetyFlowDbContext? db) : IAsyncDisposable
    {
        /// <summary>Any fixed number does, as long as nothing else on the database uses it.</summary>
        private const long Key = 0x5AFE_F10E_0001;

        public static async Task<StartupLock> AcquireAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
        {
            if (!db.Database.IsNpgsql())
            {
                return new StartupLock(null);
            }

            await db.Database.OpenConnectionAsync(cancellationToken);

            // Waiting for another node's migration may take longer than a command may: wait without a timeout.
            var timeout = db.Database.GetCommandTimeout();
            db.Database.SetCommandTimeout(0);
            try
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({Key})", cancellationToken);
            }
            finally
            {
                db.Database.SetCommandTimeout(timeout);
            }

            return new StartupLock(db);
        }

        public async ValueTask DisposeAsync()
        {
            if (db is not null)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({Key})");
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static async Task SeedAsync(IServiceProvider services, SafetyFlowDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in Enum.GetNames<Role>())
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role));
            }
        }

        if (await db.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        var demo = services.GetRequiredService<IOptions<DemoOptions>>().Value;
        var bootstrap = services.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        var environment = services.GetRequiredService<IHostEnvironment>();
        if (demo.Enabled)
        {
            var file = Path.GetFullPath(demo.File, environment.ContentRootPath);
            await using var stream = File.OpenRead(file);
            var document = await JsonSerializer.DeserializeAsync<OrgDocument>(stream, JsonSerializerOptions.Web, cancellationToken)
                ?? throw new InvalidOperationException($"{file} is empty.");
            var (counts, errors) = await services.GetRequiredService<OrgImporter>().ImportAsync(document, shapeErrors: null, cancellationToken);
            if (errors is not null)
            {
                throw new InvalidOperationException($"The demo organisation {file} is invalid: " +
                    string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            }

            logger.LogInformation("Demo organisation loaded: {Units} units, {Users} people, {Zones} zones, {Assets} assets", counts!.Units, counts.Users, counts.Zones, counts.Assets);
        }

        var users = services.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByNameAsync(bootstrap.AdminUserName) is null)
        {
            // Stopped as a setting failure (Program.cs), so the operator reads which setting to give, not a stack trace.
            var password = (string.IsNullOrEmpty(bootstrap.AdminPassword) ? null : bootstrap.AdminPassword) ?? (demo.Enabled ? demo.Password : null)
                ?? throw BootstrapFailure(
                    "The database has no users: set SafetyFlow:Bootstrap:AdminPassword to create the first admin " +
                    "(or start with --demo for the demo organisation and its published password).");
            var admin = new AppUser { UserName = bootstrap.AdminUserName, DisplayName = "Administrator", Language = "en" };
            var created = await users.CreateAsync(admin, password);
            if (!created.Succeeded)
            {
                throw BootstrapFailure("SafetyFlow:Bootstrap:AdminPassword: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            await users.AddToRoleAsync(admin, nameof(Role.Admin));
            logger.LogInformation("Created the first admin, {UserName}", bootstrap.AdminUserName);
        }
    }

    private static OptionsValidationException BootstrapFailure(string message) =>
        new(BootstrapOptions.Section, typeof(BootstrapOptions), [message]);

    /// <summary>Prints where SafetyFlow listens and, with the demo on, who to sign in as; never a password.</summary>
    public static void AnnounceWhenStarted(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SafetyFlow");
            var timings = app.Services.GetRequiredService<StartupTimings>();
            timings.Mark("server start");
            logger.LogInformation("Started in {Timings}", timings.Describe());
            var demo = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
            foreach (var url in app.Urls)
            {
                logger.LogInformation("SafetyFlow is listening on {Url} (API reference: {Url}/scalar)", url, url);
            }

            if (demo.Enabled)
            {
                logger.LogInformation(
                    "Demo sign-ins (their password is in README.md): admin, safety1 (safety office), leader1 (leadership), " +
                    "sup-canteen / sup-dorm / sup-office (supervisors), member-canteen / member-dorm / member-office (members), " +
                    "owner-kitchen / owner-electric / owner-fire (owners)");
            }
        });
    }
}
