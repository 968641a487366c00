using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace SafetyFlow.Web.Data;

/// <summary>
/// The tracked changes detected once for a piece of work that reads them several times. With automatic detection on,
/// every <c>ChangeTracker.Entries()</c> compares every tracked entity with its snapshot again; a save interceptor that
/// asks for findings, records, inspections and answers one after another would scan a sweep batch's thousands of
/// entities each time. This detects once, turns automatic detection off until disposed and then back on, so the
/// save's own detection still sees whatever the work changed. A context with detection already off is left as it is.
/// Held around a whole save (a sweep batch, a submission handed to the writer), it makes the save and its interceptors
/// read the tracker as detected here: the trail's interceptor then detects the seals it sets on their own entities.
/// </summary>
internal readonly struct DetectedOnce : IDisposable
{
    private readonly ChangeTracker? _tracker;

    private DetectedOnce(ChangeTracker tracker) => _tracker = tracker;

    public static DetectedOnce Of(ChangeTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        if (!tracker.AutoDetectChangesEnabled)
        {
            return default;
        }

        tracker.DetectChanges();
        tracker.AutoDetectChangesEnabled = false;
        return new DetectedOnce(tracker);
    }

    public void Dispose()
    {
        if (_tracker is not null)
        {
            _tracker.AutoDetectChangesEnabled = true;
        }
    }
}
