using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>
/// The real SafetyFlow app on a real database (a SQLite file, or a PostgreSQL database: <see cref="TestDatabase"/>), with
/// the simulation clock. Several instances may be started one after another on the same database to test restarts.
/// </summary>
public sealed class SafetyFlowApp : WebApplicationFactory<Program>
{
    /// <summary>Monday 2026-11-23 09:00 in Shanghai: inside ISO week 2026-W48.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));

    public const string DemoPassword = "Demo!2026";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <summary>An app on <paramref name="database"/> (from <see cref="NewDatabase"/>); <paramref name="services"/> adds test-only services after the app's own.</summary>
    public SafetyFlowApp(string database, bool demo = true, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        Database = database;
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:SafetyFlow"] = TestDatabase.ConnectionString(database),
            ["SafetyFlow:Database:Provider"] = TestDatabase.Provider,
            ["SafetyFlow:Keys:MasterKeyFile"] = TestDatabase.IsPostgres ? TestDatabase.MasterKeyFile : null,
            ["SafetyFlow:Clock:Mode"] = "Manual",
            ["SafetyFlow:Clock:Start"] = Start.ToString("O"),
            ["SafetyFlow:Demo:Enabled"] = demo ? "true" : "false",
            ["SafetyFlow:Bootstrap:AdminPassword"] = demo ? null : "Admin!2026",
            // Hangfire's own sweep would race the tests' clock moves; it is run explicitly through the clock route.
            ["SafetyFlow:Jobs:SweepInterval"] = "01:00:00",
            ["SafetyFlow:Delivery:Interval"] = "01:00:00",

            // Tests sign in many times from one address; SignInDefenceTests set the limits they check.
            ["SafetyFlow:Auth:RateLimits:PerAddress"] = "100000",
            ["SafetyFlow:Auth:RateLimits:PerUserName"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string Database { get; }

    /// <summary>A new empty database on the provider under test.</summary>
    public static string NewDatabase() => TestDatabase.New();

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>A client signed in as the given user.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = DemoPassword)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TestDatabase.Release(Database);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (!TestDatabase.IsPostgres)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Database)!);
        }

        foreach (var (key, value) in _settings.Where(s => s.Value is not null))
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, ClientAddressFromHeader>());
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }
}

/// <summary>
/// The test server has no client address of its own; a request may name one in <see cref="Header"/>, so tests can sign
/// in from several addresses. Only the tests' host has this.
/// </summary>
internal sealed class ClientAddressFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var address))
            {
                context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address.ToString());
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
