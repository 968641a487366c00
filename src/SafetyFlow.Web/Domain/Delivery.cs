namespace SafetyFlow.Web.Domain;

public enum DeliveryChannel
{
    Email,
    Webhook,
}

public enum DeliveryStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// One message on its way to one target through one channel: a person's mailbox or a configured webhook. Made from an
/// outbox row; its idempotency key is unique, so a notification is never turned into the same message twice.
/// </summary>
public sealed class Delivery
{
    public Guid Id { get; private init; } = OrderedGuid.NewGuid();

    public Guid OutboxMessageId { get; private init; }

    /// <summary>The notification whose text and language the message carries.</summary>
    public Guid NotificationId { get; private init; }

    public DeliveryChannel Channel { get; private init; }

    /// <summary>An email address or a webhook's configured name.</summary>
    public string Target { get; private init; } = "";

    /// <summary>Unique; sent along (header <c>X-SafetyFlow-Delivery</c>, email Message-Id) so receivers can drop repeats.</summary>
    public string IdempotencyKey { get; private init; } = "";

    public DeliveryStatus Status { get; private set; }

    public int Attempts { get; private set; }

    /// <summary>When the next attempt is due; while a sender holds the delivery, when its claim runs out.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private init; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>Changed by every claim: of two senders that read the same row, only one can save its claim.</summary>
    public Guid ClaimToken { get; private set; }

    public static Delivery For(OutboxMessage message, Guid notificationId, DeliveryChannel channel, string target, string idempotencyKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new Delivery
        {
            OutboxMessageId = message.Id,
            NotificationId = notificationId,
            Channel = channel,
            Target = target,
            IdempotencyKey = idempotencyKey,
            Status = DeliveryStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
            ClaimToken = Guid.NewGuid(),
        };
    }

    public bool IsDueAt(DateTimeOffset now) => Status == DeliveryStatus.Pending && NextAttemptAt <= now;

    /// <summary>Takes the delivery for one attempt; if the sender dies, the claim runs out after <paramref name="lease"/>.</summary>
    public void Claim(DateTimeOffset now, TimeSpan lease)
    {
        if (!IsDueAt(now))
        {
            throw new DomainException("This delivery is not due.");
        }

        Attempts++;
        NextAttemptAt = now + lease;
        ClaimToken = Guid.NewGuid();
    }

    public void MarkSent(DateTimeOffset now)
    {
        Status = DeliveryStatus.Sent;
        SentAt = now;
        NextAttemptAt = null;
        LastError = null;
    }

    /// <summary>Schedules the next attempt after <paramref name="retryAfter"/>, or parks the delivery as failed when there is none.</summary>
    public void MarkAttemptFailed(string error, DateTimeOffset now, TimeSpan? retryAfter)
    {
        LastError = error.Length > 2000 ? error[..2000] : error;
        if (retryAfter is { } delay)
        {
            NextAttemptAt = now + delay;
        }
        else
        {
            Status = DeliveryStatus.Failed;
            NextAttemptAt = null;
        }
    }

    /// <summary>An admin sends a failed delivery again, with a fresh round of attempts.</summary>
    public void Resend(DateTimeOffset now)
    {
        if (Status != DeliveryStatus.Failed)
        {
            throw new DomainException($"Only a failed delivery can be sent again; this one is {Status.ToString().ToLowerInvariant()}.");
        }

        Status = DeliveryStatus.Pending;
        Attempts = 0;
        NextAttemptAt = now;
        ClaimToken = Guid.NewGuid();
    }
}
