namespace SafetyFlow.Web.Data;

/// <summary>
/// The first answer to a request sent with an <c>Idempotency-Key</c>: a repeat with the same key from the same caller
/// gets this answer again and stores nothing new. Written in the same transaction as what the request stored, so the
/// two are kept or lost together; kept at least <see cref="KeptFor"/>.
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>The longest key a client may send.</summary>
    public const int MaxKeyLength = 100;

    /// <summary>How long a key is kept after its first answer.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    /// <summary>The user who sent the request; keys are per caller.</summary>
    public Guid CallerId { get; init; }

    /// <summary>The client's key, as sent.</summary>
    public required string Key { get; init; }

    /// <summary>SHA-256 of the request (its target and body), hex: the same key with another request is refused.</summary>
    public required string RequestHash { get; init; }

    /// <summary>The HTTP status of the first answer.</summary>
    public int Status { get; init; }

    /// <summary>The body of the first answer, as JSON.</summary>
    public required string Response { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
