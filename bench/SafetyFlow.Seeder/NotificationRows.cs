using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Seeder;

/// <summary>
/// The notifications and outbox rows of a batch. They are not part of the trail, and they are most of the rows: on
/// SQLite they are written with one prepared statement per table in the batch's transaction, in the columns' stored forms
/// (ids as upper-case text, instants as UTC ticks, as the app's model stores them); on PostgreSQL they go through the context.
/// </summary>
public sealed class NotificationRows
{
    private readonly List<(Notification Notification, OutboxMessage Message)> _rows = [];

    public void Add(Notification notification, OutboxMessage message) => _rows.Add((notification, message));

    public async Task SaveAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsSqlite())
        {
            foreach (var (notification, message) in _rows)
            {
                db.Notifications.Add(notification);
                db.Outbox.Add(message);
            }

            await db.SaveChangesAsync(cancellationToken);
            _rows.Clear();
            return;
        }

        var connection = db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var notifications = Command(connection, transaction, """INSERT INTO "Notifications" ("Id", "RecipientId", "At", "Kind", "FindingId", "Text", "Read") VALUES ($1, $2, $3, $4, $5, $6, 0)""", 6);
        await using var outbox = Command(connection, transaction, """INSERT INTO "Outbox" ("Id", "NotificationId", "CreatedAt", "ProcessedAt", "Attempts") VALUES ($1, $2, $3, $4, $5)""", 5);
        foreach (var (notification, message) in _rows)
        {
            await RunAsync(notifications, cancellationToken, Text(notification.Id), Text(notification.RecipientId), notification.At.UtcTicks, notification.Kind,
                notification.FindingId is { } finding ? Text(finding) : DBNull.Value, notification.Text);
            await RunAsync(outbox, cancellationToken, Text(message.Id), Text(message.NotificationId), message.CreatedAt.UtcTicks,
                message.ProcessedAt is { } processed ? processed.UtcTicks : DBNull.Value, message.Attempts);
        }

        await transaction.CommitAsync(cancellationToken);
        _rows.Clear();
    }

    private static string Text(Guid id) => id.ToString().ToUpperInvariant();

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Fixed text; the values go in parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        for (var i = 1; i <= parameters; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"${i}";
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        return command;
    }

    private static async Task RunAsync(DbCommand command, CancellationToken cancellationToken, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
