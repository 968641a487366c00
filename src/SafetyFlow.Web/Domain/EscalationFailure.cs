namespace SafetyFlow.Web.Domain;

/// <summary>
/// A ladder step that could not be fired: the sweep records the error here, moves on to the other due findings, and
/// tries this finding again at <see cref="RetryAt"/>. The record goes when the step fires or the finding needs no more.
/// </summary>
public sealed class EscalationFailure
{
    /// <summary>Longest error text kept.</summary>
    public const int ErrorLength = 2000;

    public Guid FindingId { get; private init; }

    /// <summary>How many times in a row the step failed.</summary>
    public int Attempts { get; private set; }

    public string Error { get; private set; } = "";

    public DateTimeOffset FirstFailedAt { get; private init; }

    public DateTimeOffset LastFailedAt { get; private set; }

    /// <summary>The sweep leaves the finding alone until then.</summary>
    public DateTimeOffset RetryAt { get; private set; }

    public static EscalationFailure First(Guid findingId, DateTimeOffset now) =>
        new() { FindingId = findingId, FirstFailedAt = now };

    /// <summary>Records one more failed attempt; the wait before the next one doubles from <paramref name="firstDelay"/>, up to a day.</summary>
    public void Record(string error, DateTimeOffset now, TimeSpan firstDelay)
    {
        ArgumentNullException.ThrowIfNull(error);
        Attempts++;
        Error = error.Length <= ErrorLength ? error : error[..ErrorLength];
        LastFailedAt = now;
        var delay = firstDelay * Math.Pow(2, Math.Min(Attempts - 1, 16));
        RetryAt = now + (delay < TimeSpan.FromDays(1) ? delay : TimeSpan.FromDays(1));
    }

    /// <summary>Lets the sweep try the step again at once.</summary>
    public void RetryNow(DateTimeOffset now) => RetryAt = now;
}
