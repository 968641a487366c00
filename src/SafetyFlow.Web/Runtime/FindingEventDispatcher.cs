using System.Data.Common;
using System.Runtime.CompilerServices;
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
/// The notifications and outbox rows are written after the save's own statements, up to 200 rows a statement
/// (<see cref="MultiRowInsert"/>), not one statement a row as tracked entities would be: a sweep batch of hundreds of
/// steps writes thousands of them. They are still in the save's transaction: a save that begins its own is made to, and
/// they are written just before it commits; a save in a transaction its caller holds (a group of submissions) writes
/// them as it ends, before the caller commits or rolls back. A save that fails leaves none of them behind.
/// </summary>
public sealed class FindingEventDispatcher(WorkflowRegistry workflows, WorkCalendar calendar) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>The notifications of a save under way on a context, not yet written.</summary>
    private readonly ConditionalWeakTable<DbContext, Unwritten> _unwritten = [];

    /// <summary>The notifications composed ahead of a context's save (<see cref="PrepareAsync"/>), not yet saved.</summary>
    private readonly ConditionalWeakTable<DbContext, List<Notification>> _composed = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);

        // Telling people reads the organisation; that is I/O, which a synchronous save would have to block on. Notices
        // composed ahead are written by the asynchronous save alone.
        if (eventData.Context is { } db
            && (_composed.TryGetValue(db, out _) || db.ChangeTracker.Entries<Finding>().Any(e => e.Entity.Events.Count > 0)))
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

        // A context handed over with its changes detected (the submission writer's) is not compared again here.
        using var detected = DetectedOnce.Of(db.ChangeTracker);
        var notifications = await ComposeAsync(db, Changed(db), cancellationToken);
        if (_composed.TryGetValue(db, out var composed))
        {
            // Composed ahead (PrepareAsync); what happened to a finding since follows them.
            _composed.Remove(db);
            notifications = [.. composed, .. notifications];
        }

        if (notifications.Count > 0)
        {
            var ownTransaction = db.Database.CurrentTransaction is null;
            _unwritten.AddOrUpdate(db, new Unwritten(notifications, ownTransaction, db.Database.AutoTransactionBehavior));
            if (ownTransaction)
            {
                // Even a save of one statement begins a transaction, for its notifications to be written in before it commits.
                db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
            }
        }

        return result;
    }

    /// <summary>
    /// Composes now, before the save, the notifications of what has happened to the findings <paramref name="db"/>
    /// tracks: the organisation they need is read and their texts written here, in the caller, and the save only writes
    /// them. For a save made by the submission writer, which saves one submission after another on its own: what can be
    /// done beside the others is done before the hand-over (decision 020). They are still written in the save's
    /// transaction, or not at all.
    /// </summary>
    public async Task PrepareAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        using var detected = DetectedOnce.Of(db.ChangeTracker);
        var notifications = await ComposeAsync(db, Changed(db), cancellationToken);
        _composed.AddOrUpdate(db, notifications);
    }

    private static List<Finding> Changed(SafetyFlowDbContext db) =>
        [.. db.ChangeTracker.Entries<Finding>().Select(e => e.Entity).Where(f => f.Events.Count > 0)];

    /// <summary>The notifications that follow from the events of <paramref name="changed"/>, which are taken from them.</summary>
    private async Task<List<Notification>> ComposeAsync(SafetyFlowDbContext db, List<Finding> changed, CancellationToken cancellationToken)
    {
        if (changed.Count == 0)
        {
            return [];
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

        return await notifier.ComposeAsync(cancellationToken);
    }

    /// <summary>A save's own transaction is about to commit: its notifications are written in it first.</summary>
    public async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction,
        TransactionEventData eventData,
        InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } db && _unwritten.TryGetValue(db, out var unwritten) && unwritten.AtCommit)
        {
            // Written once: the save's end finds nothing left but the transaction behaviour to put back.
            await WriteAsync(db, unwritten.Notifications, cancellationToken);
            unwritten.Notifications.Clear();
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } db && Take(db) is { } unwritten)
        {
            // In the caller's transaction, which decides for the change and its notifications together; nothing left
            // when they were written as the save's own transaction committed.
            await WriteAsync(db, unwritten.Notifications, cancellationToken);
        }

        return result;
    }

    /// <summary>A save that failed is rolled back, or its caller rolls it back: its notifications go with it.</summary>
    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Take(eventData.Context);
        return Task.CompletedTask;
    }

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Take(eventData.Context);
        return Task.CompletedTask;
    }

    private static async Task WriteAsync(DbContext db, List<Notification> notifications, CancellationToken cancellationToken)
    {
        await MultiRowInsert.InsertAsync(db, notifications, cancellationToken);
        await MultiRowInsert.InsertAsync(db, notifications.ConvertAll(OutboxMessage.For), cancellationToken);
    }

    /// <summary>Ends the save on <paramref name="db"/>: its unwritten notifications, with the transaction behaviour put back.</summary>
    private Unwritten? Take(DbContext? db)
    {
        if (db is null || !_unwritten.TryGetValue(db, out var unwritten))
        {
            return null;
        }

        _unwritten.Remove(db);
        db.Database.AutoTransactionBehavior = unwritten.Behavior;
        return unwritten;
    }

    /// <summary>
    /// Notifications to write: at the commit of the save's own transaction, or, in a transaction its caller holds, as the
    /// save ends; and the context's transaction behaviour to put back.
    /// </summary>
    private sealed record Unwritten(List<Notification> Notifications, bool AtCommit, AutoTransactionBehavior Behavior);
}
