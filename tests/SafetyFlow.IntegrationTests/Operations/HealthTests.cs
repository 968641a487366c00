using System.Net;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests.Operations;

/// <summary>
/// What a load balancer and an operator read from a node, without signing in: <c>/health</c> for the database and the
/// job server, <c>/health/live</c> while the process answers, and <c>/health/ready</c> naming the dependency that is down.
/// </summary>
public sealed class HealthTests : IAsyncLifetime
{
    private static readonly string[] ReadyChecks = ["database", "jobStorage", "jobServer", "masterKey", "photos"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "safetyflow-tests", $"health-{Guid.NewGuid():N}");
    private SafetyFlowApp _app = null!;
    private HttpClient _anonymous = null!;

    /// <summary>On SQLite the database file sits in a folder of its own, which the test takes away.</summary>
    private string DatabaseFolder => Path.Combine(_folder, "database");

    private string PhotoFolder => Path.Combine(_folder, "photos");

    public Task InitializeAsync()
    {
        var database = TestDatabase.IsPostgres ? SafetyFlowApp.NewDatabase() : Path.Combine(DatabaseFolder, "safetyflow.db");
        _app = new SafetyFlowApp(database, settings: new Dictionary<string, string?> { ["SafetyFlow:Photos:Path"] = PhotoFolder }, services: KeepJobServerReachable);
        _anonymous = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _anonymous.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task With_everything_up_each_route_answers_200_and_readiness_names_every_check_and_no_secret()
    {
        var health = await _anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());

        var live = await _anonymous.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", (await live.ReadJsonAsync()).GetProperty("status").GetString());

        var response = await _anonymous.GetAsync("/health/ready");
        var text = await response.Content.ReadAsStringAsync();
        var ready = await response.ReadJsonAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var checks = Checks(ready);
        Assert.Equal(ReadyChecks.Order(StringComparer.Ordinal), checks.Keys.Order(StringComparer.Ordinal));
        Assert.All(checks, c => Assert.True(c.Value.Status == "Healthy", $"{c.Key}: {c.Value.Status} ({c.Value.Description})"));
        Assert.All(checks, c => Assert.False(string.IsNullOrWhiteSpace(c.Value.Description), c.Key));

        // Where the database, the key and the photos are, and how to reach them, stay out of the answer.
        Assert.DoesNotContain(Path.GetFileName(_app.Database), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_folder, text, StringComparison.Ordinal);
        Assert.DoesNotContain("master.key", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Host=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Data Source", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task With_the_database_gone_readiness_answers_503_naming_the_database_and_200_once_it_is_back()
    {
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync("/health/ready")).StatusCode);

        TakeDatabaseAway();
        try
        {
            var ready = await ReadyAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", ready.GetProperty("status").GetString());
            var database = Checks(ready)["database"];
            Assert.Equal("Unhealthy", database.Status);
            Assert.Equal("The database does not answer.", database.Description);
            Assert.Equal("Healthy", Checks(ready)["masterKey"].Status);
            Assert.Equal("Healthy", Checks(ready)["photos"].Status);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _anonymous.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            BringDatabaseBack();
        }

        var back = await ReadyAsync(HttpStatusCode.OK);
        Assert.Equal("Healthy", Checks(back)["database"].Status);
    }

    [Fact]
    public async Task With_the_job_server_stopped_readiness_answers_503_naming_it_while_the_database_is_up()
    {
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync("/health/ready")).StatusCode);

        // The node's Hangfire server stops and is gone, leaving the web side running.
        var server = _app.Services.GetRequiredService<BackgroundJobServerHostedService>();
        await server.StopAsync(CancellationToken.None);
        server.Dispose();

        var ready = await ReadyAsync(HttpStatusCode.ServiceUnavailable);
        var checks = Checks(ready);
        Assert.Equal("Unhealthy", checks["jobServer"].Status);
        Assert.Equal("This node's job server has no recent heartbeat.", checks["jobServer"].Description);
        Assert.Equal("Healthy", checks["database"].Status);
        Assert.Equal("Healthy", checks["jobStorage"].Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task With_the_photo_folder_unwritable_readiness_answers_503_naming_the_photos()
    {
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync("/health/ready")).StatusCode);

        // A file where the folder should be: no photo can be written under it, whoever the process runs as.
        Directory.Delete(PhotoFolder, recursive: true);
        await File.WriteAllTextAsync(PhotoFolder, "not a folder");

        var ready = await ReadyAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", Checks(ready)["photos"].Status);
        Assert.Equal("The photo folder is not writable.", Checks(ready)["photos"].Description);
        Assert.Equal("Healthy", Checks(ready)["database"].Status);

        // Photos are not what /health promises: it stays 200.
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync("/health")).StatusCode);
    }

    /// <summary>
    /// Hangfire registers its server as a transient hosted service, so the running one cannot be asked for; here the
    /// host's one is also kept as a singleton the test can stop.
    /// </summary>
    private static void KeepJobServerReachable(IServiceCollection services)
    {
        var hangfire = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationFactory?.Method.ReturnType == typeof(BackgroundJobServerHostedService));
        services.Remove(hangfire);
        services.AddSingleton(provider => (BackgroundJobServerHostedService)hangfire.ImplementationFactory!(provider));
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<BackgroundJobServerHostedService>());
    }

    /// <summary>
    /// SQLite: the folder holding the file goes (as when its volume is unmounted). PostgreSQL: the database refuses
    /// connections and the node's open ones are ended, as when it is stopped.
    /// </summary>
    private void TakeDatabaseAway()
    {
        if (TestDatabase.IsPostgres)
        {
            PostgresServer.Instance.Execute($"ALTER DATABASE {_app.Database} WITH ALLOW_CONNECTIONS false");
            PostgresServer.Instance.Execute($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_app.Database}'");
        }
        else
        {
            Directory.Move(DatabaseFolder, DatabaseFolder + ".away");
        }
    }

    private void BringDatabaseBack()
    {
        if (TestDatabase.IsPostgres)
        {
            PostgresServer.Instance.Execute($"ALTER DATABASE {_app.Database} WITH ALLOW_CONNECTIONS true");
        }
        else if (Directory.Exists(DatabaseFolder + ".away"))
        {
            Directory.Move(DatabaseFolder + ".away", DatabaseFolder);
        }
    }

    /// <summary>Reads <c>/health/ready</c> until it gives <paramref name="expected"/> (at most 30 seconds); the last answer.</summary>
    private async Task<JsonElement> ReadyAsync(HttpStatusCode expected)
    {
        HttpResponseMessage response = null!;
        for (var attempt = 0; attempt < 60; attempt++)
        {
            response = await _anonymous.GetAsync("/health/ready");
            if (response.StatusCode == expected)
            {
                break;
            }

            await Task.Delay(500);
        }

        return await response.ReadJsonAsync(expected);
    }

    private static Dictionary<string, (string Status, string Description)> Checks(JsonElement ready) =>
        ready.GetProperty("checks").EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!,
            c => (c.GetProperty("status").GetString()!, c.GetProperty("description").GetString() ?? ""));
}
