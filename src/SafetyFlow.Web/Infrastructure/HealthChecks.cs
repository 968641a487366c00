using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SafetyFlow.Web.Data;

namespace SafetyFlow.Web.Infrastructure;

internal sealed class DatabaseHealthCheck(SafetyFlowDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
}

internal sealed class JobServerHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Hangfire's heartbeats use real time, whatever the simulation clock says.
        var servers = storage.GetMonitoringApi().Servers();
        var alive = servers.Any(s => s.Heartbeat is { } beat && DateTime.UtcNow - beat < TimeSpan.FromMinutes(2));
        return Task.FromResult(alive ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("No job server has a recent heartbeat."));
    }
}
