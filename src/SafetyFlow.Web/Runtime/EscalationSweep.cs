using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Runtime;

/// <summary>
/// Fires every reminder and escalation step that has come due. Reads only findings whose next step is due, through the
/// index on <c>NextStepAt</c>, so its cost follows the number of due steps, not the number of findings. Safe to run twice
/// at once and after a restart: each step is committed with the finding's version check, so only one run fires it.
/// </summary>
public sealed class EscalationSweep(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<JobOptions> options,
    ILogger<EscalationSweep> logger)
{
    /// <summary>Fires all due steps, step by step, and returns how many fired.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var fired = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            List<Guid> due;
            using (var scope = scopes.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
                due = await DueFindings(db.Findings, now, options.Value.SweepBatchSize).ToListAsync(cancellationToken);
            }

            var progressed = 0;
            foreach (var findingId in due)
            {
                if (await FireAsync(findingId, now, cancellationToken))
                {
                    progressed++;
                }
            }

            fired += progressed;

            // Nothing fired: whatever is left was taken by a concurrent sweep, which will finish it.
            if (progressed == 0)
            {
                break;
            }
        }

        if (fired > 0)
        {
            logger.LogInformation("Escalation sweep fired {Count} steps", fired);
        }

        return fired;
    }

    /// <summary>The ids of findings whose next step is due, soonest first; answered from the index on NextStepAt.</summary>
    internal static IQueryable<Guid> DueFindings(IQueryable<Domain.Finding> findings, DateTimeOffset now, int batchSize) =>
        findings
            .Where(f => f.NextStepAt != null && f.NextStepAt <= now)
            .OrderBy(f => f.NextStepAt)
            .Select(f => f.Id)
            .Take(batchSize);

    private async Task<bool> FireAsync(Guid findingId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One scope per finding: a race lost on one finding does not spoil the others.
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var registry = scope.ServiceProvider.GetRequiredService<WorkflowRegistry>();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();

        var finding = await db.Findings.SingleOrDefaultAsync(f => f.Id == findingId, cancellationToken);
        var lifecycle = finding is null ? null : registry.LifecycleFor(finding.LifecycleHash).Definition;
        var step = finding?.FireDueStep(lifecycle!, now);
        if (step is null)
        {
            return false;
        }

        var kind = step.Level == 0 ? NotificationTexts.Reminder : NotificationTexts.Escalated;
        await notifier.NotifyAsync(finding!, kind, step.Notify, now, cancellationToken, step: step);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogDebug("Finding {FindingId} changed during the sweep; its step is left to whoever changed it", findingId);
            return false;
        }
    }
}
