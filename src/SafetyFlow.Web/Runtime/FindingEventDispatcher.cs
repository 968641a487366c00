using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Runtime;

/// <summary>
/// Turns what happened to findings into what follows from it, as the change is saved and in the same transaction:
/// the notifications (and their outbox rows) that the finding's lifecycle definition lists for its raising, for each
/// transition and for each ladder step. Use cases change findings; none of them sends a message itself.
/// </summary>
public sealed class FindingEventDispatcher(WorkflowRegistry workflows, WorkCalendar calendar) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);

        // Telling people reads the organisation; that is I/O, which a synchronous save would have to block on.
        if (eventData.Context?.ChangeTracker.Entries<Finding>().Any(e => e.Entity.Events.Count > 0) == true)
        {
            throw new InvalidOperationException("A change to a finding is saved with SaveChangesAsync, so that its notifications follow.");
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is not SafetyFlowDbContext db)
        {
            return result;
        }

        using var detected = DetectedOnce.Of(db.ChangeTracker);
        var changed = db.ChangeTracker.Entries<Finding>().Select(e => e.Entity).Where(f => f.Events.Count > 0).ToList();
        if (changed.Count == 0)
        {
            return result;
        }

        // One notifier for the whole save: a sweep batch or a submit that raises many findings reads the organisation once.
        var notifier = new Notifier(db, workflows, calendar);
        await notifier.LoadAsync(changed, cancellationToken);
        foreach (var finding in changed)
        {
            var lifecycle = workflows.LifecycleFor(finding.LifecycleHash).Definition;
            foreach (var happened in finding.TakeEvents())
            {
                switch (happened)
                {
                    case FindingRaised raised:
                        await notifier.NotifyRaisedAsync(finding, lifecycle, raised.At, cancellationToken);
                        break;
                    case FindingTransitioned transition:
                        await notifier.NotifyTransitionAsync(finding, lifecycle, transition.Trigger, transition.From, transition.At, cancellationToken, transition.Detail);
                        break;
                    case FindingCommented comment:
                        await notifier.NotifyCommentAsync(finding, comment, cancellationToken);
                        break;
                    case FindingReassigned reassigned:
                        await notifier.NotifyReassignedAsync(finding, reassigned, cancellationToken);
                        break;
                    case LadderStepFired fired:
                        var kind = fired.Step.Level == 0 ? NotificationTexts.Reminder : NotificationTexts.Escalated;
                        await notifier.NotifyAsync(finding, kind, fired.Step.Notify, fired.At, cancellationToken, step: fired.Step);
                        break;
                }
            }
        }

        await notifier.WriteAsync(cancellationToken);
        return result;
    }
}
