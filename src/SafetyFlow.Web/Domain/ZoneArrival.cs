namespace SafetyFlow.Web.Domain;

/// <summary>
/// A person's arrival at a zone, proved by scanning the zone sign's signed QR code. <see cref="At"/> is when they arrived:
/// the server's time when the scan reached it at once, or the phone's time when the phone kept the scan and sent it later
/// (<see cref="PhoneTime"/>).
/// </summary>
public sealed class ZoneArrival
{
    private ZoneArrival()
    {
    }

    public Guid Id { get; private init; } = OrderedGuid.NewGuid();

    public Guid ZoneId { get; private init; }

    public Guid PersonId { get; private init; }

    public DateTimeOffset At { get; private init; }

    /// <summary>When the server stored the arrival.</summary>
    public DateTimeOffset RecordedAt { get; private init; }

    /// <summary>The time is the phone's, sent after the scan (offline at the zone, synced later); the server's otherwise.</summary>
    public bool PhoneTime { get; private init; }

    public static ZoneArrival Scanned(Guid zoneId, Guid personId, DateTimeOffset now) =>
        new() { ZoneId = zoneId, PersonId = personId, At = now, RecordedAt = now };

    public static ZoneArrival SyncedLater(Guid zoneId, Guid personId, DateTimeOffset phoneTime, DateTimeOffset now) =>
        new() { ZoneId = zoneId, PersonId = personId, At = phoneTime, RecordedAt = now, PhoneTime = true };
}
