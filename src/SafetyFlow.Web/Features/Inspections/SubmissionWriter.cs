using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Features.Inspections;

/// <summary>
/// The one writer of submissions in this process (decision 020). A submit reads, checks and prepares its changes in its
/// own context, then hands that context here and waits. The writer takes every submission waiting, saves each in its
/// own savepoint of one transaction on one connection, and commits once: one fsync for the group. A submission whose
/// save fails (a conflict, a key already stored) is rolled back to its savepoint alone and gets its own error; every
/// caller is answered only once the transaction has ended, so an acknowledged submission is on disk and a refused one
/// sees what the others stored. Other nodes have writers of their own; the database still decides between them.
/// </summary>
public sealed class SubmissionWriter(FindingEventDispatcher events, ILogger<SubmissionWriter> logger) : BackgroundService
{
    /// <summary>The most submissions one transaction takes; the rest wait for the next.</summary>
    private const int MaxGroup = 100;

    private const string Savepoint = "submission";

    private readonly Channel<PendingSave> _waiting = Channel.CreateUnbounded<PendingSave>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>
    /// Saves the changes tracked by <paramref name="db"/> with the other submissions waiting, and returns once they are
    /// committed; throws what the save threw when this one could not be saved. A submission not yet started when
    /// <paramref name="cancellationToken"/> fires is dropped; one started is finished, as the caller's context is in use.
    /// </summary>
    public async Task SaveAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        // The writer saves one submission after another; what each can do on its own is done here, beside the others:
        // its changes are detected, once (the save does not compare every tracked entity again), and the notifications
        // of the findings it raises are composed, so that the save only writes them.
        using var detected = DetectedOnce.Of(db.ChangeTracker);
        await events.PrepareAsync(db, cancellationToken);
        var pending = new PendingSave(db, cancellationToken);
        if (!_waiting.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The submission writer has stopped: the app is shutting down.");
        }

        await pending.Saved.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<PendingSave>(MaxGroup);
        try
        {
            while (await _waiting.Reader.WaitToReadAsync(stoppingToken))
            {
                while (group.Count < MaxGroup && _waiting.Reader.TryRead(out var pending))
                {
                    group.Add(pending);
                }

                await SaveGroupAsync(group);
                group.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what still waits is answered below.
        }
        finally
        {
            _waiting.Writer.TryComplete();
            while (_waiting.Reader.TryRead(out var pending))
            {
                pending.Saved.TrySetCanceled(stoppingToken);
            }
        }
    }

    /// <summary>
    /// One transaction for the group, on the first submission's connection; each submission in a savepoint of its own;
    /// every caller answered once the transaction has ended.
    /// </summary>
    private async Task SaveGroupAsync(List<PendingSave> group)
    {
        var errors = new Exception?[group.Count];
        var host = group[0].Db;
        try
        {
            await using var transaction = await host.Database.BeginTransactionAsync(CancellationToken.None);
            var connection = host.Database.GetDbConnection();
            for (var i = 0; i < group.Count; i++)
            {
                var pending = group[i];
                errors[i] = pending.Cancellation.IsCancellationRequested
                    ? new OperationCanceledException(pending.Cancellation)
                    : await SaveOneAsync(pending.Db, pending.Db == host ? null : connection, transaction);
            }

            await transaction.CommitAsync(CancellationToken.None);
        }
#pragma warning disable CA1031 // Whatever stopped the commit is every saved submission's answer; the writer goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "A group of {Count} submissions was not committed", group.Count);
            for (var i = 0; i < group.Count; i++)
            {
                errors[i] ??= e;
            }
        }

        for (var i = 0; i < group.Count; i++)
        {
            if (errors[i] is { } error)
            {
                group[i].Saved.TrySetException(error);
            }
            else
            {
                group[i].Saved.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Saves one submission's context in a savepoint of the group's transaction; its error, or null. A context other
    /// than the group's first is pointed at the first one's <paramref name="borrowed"/> connection for its save and gets
    /// its own connection back afterwards, for whatever its request still reads.
    /// </summary>
    private static async Task<Exception?> SaveOneAsync(SafetyFlowDbContext db, DbConnection? borrowed, IDbContextTransaction transaction)
    {
        var database = db.Database;
        var ownConnection = database.GetConnectionString();
        if (borrowed is not null)
        {
            database.SetDbConnection(borrowed, contextOwnsConnection: false);
        }

        try
        {
            await database.UseTransactionAsync(transaction.GetDbTransaction());
            database.AutoSavepointsEnabled = false;
            await transaction.CreateSavepointAsync(Savepoint);
            try
            {
                await AnswersWrittenAhead.WriteAsync(db, CancellationToken.None);
                await db.SaveChangesAsync(CancellationToken.None);
                await transaction.ReleaseSavepointAsync(Savepoint);
                return null;
            }
#pragma warning disable CA1031 // The submission's own error, handed to its caller.
            catch (Exception e)
#pragma warning restore CA1031
            {
                await transaction.RollbackToSavepointAsync(Savepoint);
                return e;
            }
        }
        finally
        {
            database.AutoSavepointsEnabled = true;
            if (borrowed is not null)
            {
                await database.UseTransactionAsync(null);
                database.SetDbConnection(null, contextOwnsConnection: true);
                database.SetConnectionString(ownConnection);
            }
        }
    }

    private sealed record PendingSave(SafetyFlowDbContext Db, CancellationToken Cancellation)
    {
        public TaskCompletionSource Saved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
