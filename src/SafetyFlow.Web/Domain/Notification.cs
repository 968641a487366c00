namespace SafetyFlow.Web.Domain;

/// <summary>An in-app message to one person, written in their language.</summary>
public sealed class Notification
{
    public Guid Id { get; init; } = OrderedGuid.NewGuid();

    public Guid RecipientId { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>e.g. <c>finding.assigned</c>, <c>finding.reminder</c>, <c>finding.escalated</c>, <c>fix.submitted</c>, <c>fix.rejected</c>.</summary>
    public required string Kind { get; init; }

    public Guid? FindingId { get; init; }

    public required string Text { get; init; }

    public bool Read { get; private set; }

    public void MarkRead() => Read = true;
}

/// <summary>
/// A notification waiting for delivery through other channels (email, group robots, webhooks). Written in the same
/// transaction as the notification, so nothing is lost between the two.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; } = OrderedGuid.NewGuid();

    public Guid NotificationId { get; init; }

    /// <summary>The row that queues <paramref name="notification"/> for the delivery channels, as of its own instant.</summary>
    public static OutboxMessage For(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return new OutboxMessage { NotificationId = notification.Id, CreatedAt = notification.At };
    }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ProcessedAt { get; set; }

    public int Attempts { get; set; }
}
