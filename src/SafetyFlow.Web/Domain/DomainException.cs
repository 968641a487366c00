namespace SafetyFlow.Web.Domain;

/// <summary>
/// An action that the current state of a record does not allow (answered with 409), or, with a <see cref="Field"/>, a
/// value that the record's rules refuse (answered with 400 naming the field).
/// </summary>
public class DomainException(string message) : Exception(message)
{
    /// <summary>The input the refusal is about, as the request names it (<c>dueAt</c>); null when it is about the state.</summary>
    public string? Field { get; init; }

    /// <summary>The refusal in the person's language: a text key and its values; the message is its English text.</summary>
    public string? TextKey { get; init; }

    public IReadOnlyList<object> TextValues { get; init; } = [];
}

/// <summary>An action the actor may not take: a missing role or a separation-of-duties refusal (answered with 403).</summary>
public sealed class ForbiddenActionException(string message) : Exception(message);
