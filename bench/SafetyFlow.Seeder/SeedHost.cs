using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SafetyFlow.Seeder;

/// <summary>
/// The real SafetyFlow host on the database to build, with the simulation clock standing at the seed's now: starting it
/// migrates the schema, makes the keys, loads the workflow definitions and creates the first admin, as the app does.
/// </summary>
public sealed class SeedHost(SeedSettings settings) : WebApplicationFactory<Program>
{
    /// <summary>The settings the app is started with, on the seeded database, for the seeder and for <c>bench/run.sh</c> alike.</summary>
    public static Dictionary<string, string> AppSettings(SeedSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new Dictionary<string, string>
        {
            ["ConnectionStrings:SafetyFlow"] = settings.PostgresConnection ?? $"Data Source={settings.SqliteFile}",
            ["SafetyFlow:Database:Provider"] = settings.IsPostgres ? "Postgres" : "Sqlite",
            ["SafetyFlow:Keys:MasterKeyFile"] = settings.MasterKeyFile,
            ["SafetyFlow:Clock:Mode"] = "Manual",
            ["SafetyFlow:Clock:Start"] = settings.Now.ToString("O", CultureInfo.InvariantCulture),
            ["SafetyFlow:Demo:Enabled"] = "false",
            ["SafetyFlow:Bootstrap:AdminPassword"] = SeedSettings.Password,

            // Nothing runs on its own while the history is written.
            ["SafetyFlow:Jobs:SweepInterval"] = "01:00:00",
            ["SafetyFlow:Delivery:Interval"] = "01:00:00",
        };
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (key, value) in AppSettings(settings))
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Production");
    }
}
