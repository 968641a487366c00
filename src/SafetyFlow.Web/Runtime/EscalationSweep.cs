using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Runtime;

/// <summary>
/// Fires every reminder and escalation step that has come due. Reads only findings whose next step is due, through the
/// index on <c>NextStepAt</c>, so its cost follows the number of due steps, not the number of findings. Safe to run twice
/// at once and after a restart: each step is committed with the finding's version check, so only one run fires it.
/// A step that fails is recorded as an <see cref="EscalationFailure"/> and tried again later; the sweep goes on with the
/// other due findings, so one bad finding never holds up everyone else's escalations.
/// </summary>
public sealed class EscalationSweep(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<JobOptions> options,
    ILogger<EscalationSweep> logger)
{
    private enum Outcome
    {
        Fired,
        Failed,
        Skipped,
    }

    /// <summary>Fires all due steps, step by step, and returns how many fired.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var fired = 0;
        var failed = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            List<DueFinding> due;
            using (var scope = scopes.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
                due = await DueFindings(db, now, options.Value.SweepBatchSize).ToListAsync(cancellationToken);
            }

            var handled = 0;
            foreach (var finding in due)
            {
                switch (await FireAsync(finding, now, cancellationToken))
                {
                    case Outcome.Fired:
                        fired++;
                        handled++;
                        break;
                    case Outcome.Failed:
                        failed++;
                        handled++;
                        break;
                }
            }

            // Nothing handled: whatever is left was taken by a concurrent sweep, which will finish it.
            if (handled == 0)
            {
                break;
            }
        }

        if (fired > 0 || failed > 0)
        {
            logger.LogInformation("Escalation sweep fired {Count} steps; {Failed} failed and wait to be tried again", fired, failed);
        }

        return fired;
    }

    /// <summary>A finding whose next step is due, and whether an earlier attempt at it failed.</summary>
    internal sealed record DueFinding(Guid Id, bool FailedBefore);

    /// <summary>
    /// Findings whose next step is due, soonest first, leaving out those waiting to retry a failed step; answered from
    /// the index on NextStepAt.
    /// </summary>
    internal static IQueryable<DueFinding> DueFindings(SafetyFlowDbContext db, DateTimeOffset now, int batchSize) =>
        db.Findings
            .Where(f => f.NextStepAt != null && f.NextStepAt <= now)
            .Where(f => !db.EscalationFailures.Any(x => x.FindingId == f.Id && x.RetryAt > now))
            .OrderBy(f => f.NextStepAt)
            .Select(f => new DueFinding(f.Id, db.EscalationFailures.Any(x => x.FindingId == f.Id)))
            .Take(batchSize);

    private async Task<Outcome> FireAsync(DueFinding due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            // One scope per finding: a race lost on one finding does not spoil the others.
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var registry = scope.ServiceProvider.GetRequiredService<WorkflowRegistry>();

            var finding = await db.Findings.SingleOrDefaultAsync(f => f.Id == due.Id, cancellationToken);
            if (finding is null)
            {
                return Outcome.Skipped;
            }

            // The step's notifications follow from it as it is saved.
            if (finding.FireDueStep(registry.LifecycleFor(finding.LifecycleHash).Definition, now) is null)
            {
                return Outcome.Skipped;
            }

            if (due.FailedBefore && await db.EscalationFailures.FindAsync([due.Id], cancellationToken) is { } failure)
            {
                // Gone in the same transaction as the step it was about.
                db.EscalationFailures.Remove(failure);
            }

            await db.SaveChangesAsync(cancellationToken);
            return Outcome.Fired;
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogDebug("Finding {FindingId} changed during the sweep; its step is left to whoever changed it", due.Id);
            return Outcome.Skipped;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The due step of finding {FindingId} failed; the sweep goes on and tries it again later", due.Id);
            await RecordFailureAsync(due.Id, e, now, cancellationToken);
            return Outcome.Failed;
        }
    }

    private async Task RecordFailureAsync(Guid findingId, Exception error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var failure = await db.EscalationFailures.SingleOrDefaultAsync(x => x.FindingId == findingId, cancellationToken);
        if (failure is null)
        {
            failure = EscalationFailure.First(findingId, now);
            db.EscalationFailures.Add(failure);
        }

        failure.Record($"{error.GetType().Name}: {error.Message}", now, options.Value.StepRetryDelay);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // Another sweep recorded the same failure at the same moment; its record stands.
            logger.LogDebug(e, "The failure of finding {FindingId} was recorded by another sweep", findingId);
        }
    }
}
