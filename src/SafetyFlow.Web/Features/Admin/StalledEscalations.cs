using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Admin;

/// <summary>A ladder step that failed to fire and is waiting to be tried again.</summary>
public sealed record StalledEscalation(
    Guid FindingId,
    string Zone,
    string ZoneName,
    string ItemId,
    string State,
    int StepIndex,
    DateTimeOffset? StepDueAt,
    int Attempts,
    string Error,
    DateTimeOffset FirstFailedAt,
    DateTimeOffset LastFailedAt,
    DateTimeOffset RetryAt);

/// <summary>The finding whose failed ladder step to try again.</summary>
public sealed record RetryEscalationRequest(Guid FindingId);

/// <summary>
/// What admins see of failed ladder steps, and how they have one tried again at the next sweep. The list takes no input
/// and cannot be refused, so it answers the rows directly; the retry answers a <see cref="Result{T}"/>.
/// </summary>
public sealed class StalledEscalations(SafetyFlowDbContext db, TimeProvider clock)
{
    /// <summary>Steps still due whose last attempt failed, oldest failure first.</summary>
    public async Task<StalledEscalation[]> ListAsync(CancellationToken cancellationToken) =>
        await View(db.EscalationFailures.OrderBy(f => f.FirstFailedAt).ThenBy(f => f.FindingId)).ToArrayAsync(cancellationToken);

    /// <summary>Lets the next sweep try the step at once; not found when no failed step of that finding is waiting.</summary>
    public async Task<Result<StalledEscalation>> RetryNowAsync(RetryEscalationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var failure = await db.EscalationFailures.SingleOrDefaultAsync(f => f.FindingId == request.FindingId, cancellationToken);
        if (failure is null)
        {
            return new Failure.NotFound();
        }

        failure.RetryNow(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        var retried = await View(db.EscalationFailures.Where(f => f.FindingId == request.FindingId)).SingleOrDefaultAsync(cancellationToken);
        return retried is null ? new Failure.NotFound() : retried;
    }

    // A finding that was closed or whose ladder ended since is no longer stalled, whatever its last failure said.
    private IQueryable<StalledEscalation> View(IQueryable<Domain.EscalationFailure> failures) =>
        from failure in failures.AsNoTracking()
        join finding in db.Findings on failure.FindingId equals finding.Id
        join zone in db.Zones on finding.ZoneId equals zone.Id
        where finding.NextStepAt != null
        select new StalledEscalation(
            finding.Id,
            zone.Key,
            zone.Name,
            finding.ItemId,
            finding.State,
            finding.NextStepIndex,
            finding.NextStepAt,
            failure.Attempts,
            failure.Error,
            failure.FirstFailedAt,
            failure.LastFailedAt,
            failure.RetryAt);
}

public static class StalledEscalationEndpoints
{
    public static IEndpointRouteBuilder MapStalledEscalationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/escalations/failed").WithTags("Escalations").RequireAuthorization(Policies.Admin);
        group.MapGet("/", async (StalledEscalations stalled, CancellationToken cancellationToken) =>
                TypedResults.Ok(await stalled.ListAsync(cancellationToken)))
            .WithName("ListFailedEscalations")
            .WithSummary("Ladder steps whose last attempt failed, with the error and when the sweep tries again.");
        group.MapPost("/{findingId:guid}/retry", async Task<Results<Ok<StalledEscalation>, FailureHttpResult>> (Guid findingId, StalledEscalations stalled, CancellationToken cancellationToken) =>
                (await stalled.RetryNowAsync(new RetryEscalationRequest(findingId), cancellationToken)).ToHttp(retried => TypedResults.Ok(retried)))
            .Produces(StatusCodes.Status404NotFound)
            .WithName("RetryFailedEscalation")
            .WithSummary("Has the next sweep try a failed step at once.");
        return app;
    }
}
