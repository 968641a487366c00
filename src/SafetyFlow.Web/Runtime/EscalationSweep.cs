using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Runtime;

/// <summary>
/// Fires every reminder and escalation step that has come due. Reads only findings whose next step is due, through the
/// index on <c>NextStepAt</c>, so its cost follows the number of due steps, not the number of findings. Sweeps on several
/// nodes share the work: each claims a batch of due findings nobody holds (<see cref="WorkClaims"/>) and fires those, so
/// two sweeps at once fire different findings.
/// A batch fires in one transaction: every step, its trail record, its notifications and outbox rows are saved together
/// (the notifications and outbox rows up to 200 to a statement), with each finding's version check, so a step fires once
/// even when a claim ran out under a slow sweep, or after a restart. The recipients, their languages and the texts are
/// resolved once for the whole batch (<see cref="Notifier"/>).
/// When a batch fails part-way its transaction is rolled back whole and its steps are tried again one at a time, so one
/// bad finding never holds up the others: the step that fails alone is recorded as an <see cref="EscalationFailure"/>
/// and tried again later.
/// </summary>
public sealed class EscalationSweep(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    WorkClaims claims,
    IOptions<JobOptions> options,
    ILogger<EscalationSweep> logger)
{
    /// <summary>How often <see cref="RunAllDueAsync"/> looks again at due findings another sweep holds.</summary>
    private static readonly TimeSpan HeldPoll = TimeSpan.FromMilliseconds(200);

    private enum Outcome
    {
        Fired,
        Failed,
        Skipped,
    }

    /// <summary>
    /// Fires the due steps of every due finding it can claim, a batch at a time, and returns how many fired. Findings
    /// another sweep holds are left to it: this is what the recurring job runs on every node.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var holder = Guid.NewGuid();
        var fired = 0;
        var failed = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            List<DueFinding> due;
            using (var scope = scopes.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
                var claimed = await claims.ClaimAsync(db, WorkQueues.Escalation, DueFindings(db, now, WorkClaims.Now, options.Value.SweepBatchSize), holder, cancellationToken);
                due = await db.Findings
                    .Where(f => claimed.Contains(f.Id))
                    .OrderBy(f => f.NextStepAt)
                    .Select(f => new DueFinding(f.Id, db.EscalationFailures.Any(x => x.FindingId == f.Id)))
                    .ToListAsync(cancellationToken);
            }

            if (due.Count == 0)
            {
                break;
            }

            var handled = 0;
            try
            {
                var batch = await FireBatchAsync(due, now, cancellationToken);
                if (batch.Fired is { } count)
                {
                    fired += count;
                    handled += count;
                }
                else
                {
                    foreach (var finding in due)
                    {
                        switch (await FireAsync(finding, batch.Seen.TryGetValue(finding.Id, out var seen) ? seen : null, now, cancellationToken))
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
                }
            }
            finally
            {
                // A finding with more steps due is claimed again in the next batch, by this sweep or another.
                using var scope = scopes.CreateScope();
                await claims.ReleaseAsync(scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>(), WorkQueues.Escalation, holder, logger);
            }

            // Nothing handled: whatever was claimed had been changed meanwhile, by a person or a sweep whose claim ran out.
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

    /// <summary>
    /// Fires every step due now, those other sweeps hold included: while another sweep holds due findings, waits until it
    /// has fired them or its claims have run out (<c>SafetyFlow:Jobs:ClaimTimeout</c>) and this sweep takes them over.
    /// The clock route answers after this, so what it reports as due has fired. Returns how many steps this sweep fired.
    /// </summary>
    public async Task<int> RunAllDueAsync(CancellationToken cancellationToken)
    {
        var fired = await RunAsync(cancellationToken);
        while (await HeldElsewhereAsync(cancellationToken))
        {
            await Task.Delay(HeldPoll, cancellationToken);
            fired += await RunAsync(cancellationToken);
        }

        return fired;
    }

    /// <summary>A finding whose next step is due, and whether an earlier attempt at it failed.</summary>
    internal sealed record DueFinding(Guid Id, bool FailedBefore);

    /// <summary>
    /// What firing a batch together came to: how many steps fired, or null when the batch was rolled back; and the
    /// version each finding had when the batch read it.
    /// </summary>
    private sealed record BatchOutcome(int? Fired, Dictionary<Guid, long> Seen);

    /// <summary>
    /// The ids of findings whose next step is due and that no sweep holds at <paramref name="claimedAt"/> (real time),
    /// soonest first, leaving out those waiting to retry a failed step; answered from the index on NextStepAt.
    /// </summary>
    internal static IQueryable<Guid> DueFindings(SafetyFlowDbContext db, DateTimeOffset now, DateTimeOffset claimedAt, int batchSize)
    {
        var held = WorkClaims.Live(db, WorkQueues.Escalation, claimedAt);
        return Due(db, now)
            .Where(f => !held.Any(c => c.ItemId == f.Id))
            .OrderBy(f => f.NextStepAt)
            .Select(f => f.Id)
            .Take(batchSize);
    }

    private static IQueryable<Finding> Due(SafetyFlowDbContext db, DateTimeOffset now) =>
        db.Findings
            .Where(f => f.NextStepAt != null && f.NextStepAt <= now)
            .Where(f => !db.EscalationFailures.Any(x => x.FindingId == f.Id && x.RetryAt > now));

    private async Task<bool> HeldElsewhereAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var held = WorkClaims.Live(db, WorkQueues.Escalation, WorkClaims.Now);
        return await Due(db, clock.GetUtcNow()).AnyAsync(f => held.Any(c => c.ItemId == f.Id), cancellationToken);
    }

    /// <summary>
    /// Fires the due step of every finding of the batch and saves them in one transaction. Anything that goes wrong (a
    /// finding changed meanwhile, a step that cannot fire, a write the database refuses) leaves nothing of the batch saved.
    /// </summary>
    private async Task<BatchOutcome> FireBatchAsync(List<DueFinding> due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<Guid, long>();
        if (due.Count == 1)
        {
            // Nothing to share: the single path fires it and records its failure.
            return new BatchOutcome(null, seen);
        }

        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var registry = scope.ServiceProvider.GetRequiredService<WorkflowRegistry>();
            var ids = due.Select(d => d.Id).ToList();
            var findings = await db.Findings.Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, cancellationToken);
            foreach (var finding in findings.Values)
            {
                seen[finding.Id] = finding.Version;
            }

            var retried = due.Where(d => d.FailedBefore).Select(d => d.Id).ToList();
            var failures = retried.Count == 0
                ? []
                : await db.EscalationFailures.Where(x => retried.Contains(x.FindingId)).ToDictionaryAsync(x => x.FindingId, cancellationToken);

            var fired = 0;
            foreach (var item in due)
            {
                // Soonest first, as the steps came due; the step's notifications follow from it as the batch is saved.
                if (!findings.TryGetValue(item.Id, out var finding)
                    || finding.FireDueStep(registry.LifecycleFor(finding.LifecycleHash).Definition, now) is null)
                {
                    continue;
                }

                fired++;
                if (failures.TryGetValue(item.Id, out var failure))
                {
                    // Gone in the same transaction as the step it was about.
                    db.EscalationFailures.Remove(failure);
                }
            }

            if (fired > 0)
            {
                // The batch's hundreds of entities are compared with their snapshots once, here, not again by each of
                // the save's interceptors and by the save itself; the trail's seals are detected where they are set.
                using var detected = DetectedOnce.Of(db.ChangeTracker);
                await db.SaveChangesAsync(cancellationToken);
            }

            return new BatchOutcome(fired, seen);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "A batch of {Count} due steps was rolled back whole; its steps are tried one at a time", due.Count);
            return new BatchOutcome(null, seen);
        }
    }

    /// <summary>
    /// Fires one finding's due step in its own transaction. <paramref name="seenVersion"/> is the version a rolled-back
    /// batch read: a finding changed since then was changed by someone else, whose change its step is left to.
    /// </summary>
    private async Task<Outcome> FireAsync(DueFinding due, long? seenVersion, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            // One scope per finding: a race lost on one finding does not spoil the others.
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var registry = scope.ServiceProvider.GetRequiredService<WorkflowRegistry>();

            var finding = await db.Findings.SingleOrDefaultAsync(f => f.Id == due.Id, cancellationToken);
            if (finding is null || (seenVersion is { } version && finding.Version != version))
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
