using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Photos;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// What a load balancer and an operator ask a node: <c>/health</c> (the database and this node's job server, plain
/// text), <c>/health/live</c> (the process answers) and <c>/health/ready</c> (every dependency, each named in JSON).
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The checks behind <c>/health</c>, whose answer the HTTP contract fixes.</summary>
    private const string Basic = "basic";

    /// <summary>The checks behind <c>/health/ready</c>.</summary>
    private const string Ready = "ready";

    public static IServiceCollection AddSafetyFlowHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: [Basic, Ready])
            .AddCheck<JobStorageHealthCheck>(JobStorageHealthCheck.Name, tags: [Ready])
            .AddCheck<JobServerHealthCheck>(JobServerHealthCheck.Name, tags: [Basic, Ready])
            .AddCheck<MasterKeyHealthCheck>(MasterKeyHealthCheck.Name, tags: [Ready])
            .AddCheck<PhotoFolderHealthCheck>(PhotoFolderHealthCheck.Name, tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Basic) }).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// The overall status and each check's name, status and description. Only the checks' own fixed descriptions are
    /// written: an exception's message may carry a host name or a path, so it goes to the log, not the answer.
    /// </summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(entry => new
            {
                name = entry.Key,
                status = entry.Value.Status.ToString(),
                description = entry.Value.Exception is null ? entry.Value.Description : "The check failed; the node's log says why.",
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), context.RequestAborted);
    }
}

internal sealed class DatabaseHealthCheck(SafetyFlowDbContext db, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public const string Name = "database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The database answers.")
                : HealthCheckResult.Unhealthy("The database does not answer.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The database health check failed");
            return HealthCheckResult.Unhealthy("The database does not answer.");
        }
    }
}

internal sealed class JobStorageHealthCheck(JobStorage storage, ILogger<JobStorageHealthCheck> logger) : IHealthCheck
{
    public const string Name = "jobStorage";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = storage.GetConnection();
            connection.GetAllItemsFromSet("recurring-jobs");
            return Task.FromResult(HealthCheckResult.Healthy("The job store answers."));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The job store health check failed");
            return Task.FromResult(HealthCheckResult.Unhealthy("The job store does not answer."));
        }
    }
}

/// <summary>This node's Hangfire server, found by the name it registers with (<see cref="JobServerName"/>).</summary>
internal sealed class JobServerHealthCheck(JobStorage storage, JobServerName server, ILogger<JobServerHealthCheck> logger) : IHealthCheck
{
    public const string Name = "jobServer";

    /// <summary>Hangfire beats every 30 seconds; four missed beats mean the server is gone.</summary>
    private static readonly TimeSpan Recent = TimeSpan.FromMinutes(2);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Hangfire's heartbeats use real time, whatever the simulation clock says.
            var alive = storage.GetMonitoringApi().Servers()
                .Any(s => server.Owns(s.Name) && s.Heartbeat is { } beat && DateTime.UtcNow - beat < Recent);
            return Task.FromResult(alive
                ? HealthCheckResult.Healthy("This node's job server has a recent heartbeat.")
                : HealthCheckResult.Unhealthy("This node's job server has no recent heartbeat."));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The job server health check failed");
            return Task.FromResult(HealthCheckResult.Unhealthy("This node's job server's heartbeat cannot be read."));
        }
    }
}

internal sealed class MasterKeyHealthCheck(MasterKey master, TrailKey trail) : IHealthCheck
{
    public const string Name = "masterKey";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(master.Loaded && trail.IsLoaded
            ? HealthCheckResult.Healthy("The master key is loaded and the keys it seals are open.")
            : HealthCheckResult.Unhealthy("The master key is not loaded."));
}

/// <summary>
/// Writes and removes a probe file in the photo folder: an upload would fail where this does. With the database store
/// the photos live in the database, whose own check covers them.
/// </summary>
internal sealed class PhotoFolderHealthCheck(PhotoStore photos, IOptions<PhotoOptions> options, ILogger<PhotoFolderHealthCheck> logger) : IHealthCheck
{
    public const string Name = "photos";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.Store == PhotoStorage.Database)
        {
            return HealthCheckResult.Healthy("Photos are kept in the database.");
        }

        var probe = Path.Combine(photos.Folder, $".health-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(photos.Folder);
            await File.WriteAllBytesAsync(probe, [1], cancellationToken);
            File.Delete(probe);
            return HealthCheckResult.Healthy("The photo folder is writable.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "The photo folder health check failed");
            return HealthCheckResult.Unhealthy("The photo folder is not writable.");
        }
    }
}

/// <summary>
/// The name this node's Hangfire server registers with: the machine's name and a value of its own, so the health check
/// finds this node's server among every node's in a shared job store, and the dashboard tells the nodes apart.
/// </summary>
public sealed class JobServerName
{
    public string Value { get; } = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}".ToLowerInvariant();

    /// <summary>Hangfire makes the server id from the name, the process id and a GUID, joined by colons.</summary>
    public bool Owns(string serverId) => serverId.StartsWith(Value + ":", StringComparison.OrdinalIgnoreCase);
}
