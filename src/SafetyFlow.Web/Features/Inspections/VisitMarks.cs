using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Features.Inspections;

/// <summary>Where an inspection stands against its visit window.</summary>
public enum VisitState
{
    Upcoming,
    Open,
    Missed,
    Submitted,
}

/// <summary>The visit window's rules: when a submission is early, in the window or late, and what a member sees now.</summary>
public static class VisitWindows
{
    /// <summary>How long a visit lasts at most: an arrival at the zone this long before the submission, or less, proves it was on site.</summary>
    public static readonly TimeSpan VisitLength = TimeSpan.FromHours(4);

    /// <summary>How far ahead of the server a phone's clock may be.</summary>
    public static readonly TimeSpan PhoneClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>How long a phone may keep a scan or a finished checklist before sending it.</summary>
    public static readonly TimeSpan PhoneKeepsAtMost = TimeSpan.FromDays(14);

    /// <summary>Whether a time the phone sent lies between <see cref="PhoneKeepsAtMost"/> ago and a little after <paramref name="now"/>.</summary>
    public static bool IsPlausiblePhoneTime(DateTimeOffset phoneTime, DateTimeOffset now) =>
        phoneTime <= now + PhoneClockSkew && phoneTime >= now - PhoneKeepsAtMost;

    public static VisitTiming TimingOf(DateTimeOffset windowStart, DateTimeOffset windowEnd, DateTimeOffset submittedAt) =>
        submittedAt < windowStart ? VisitTiming.Early
        : submittedAt > windowEnd ? VisitTiming.Late
        : VisitTiming.InWindow;

    public static VisitState StateAt(DateTimeOffset windowStart, DateTimeOffset windowEnd, DateTimeOffset? submittedAt, DateTimeOffset now) =>
        submittedAt is not null ? VisitState.Submitted
        : now < windowStart ? VisitState.Upcoming
        : now <= windowEnd ? VisitState.Open
        : VisitState.Missed;

    public static string Text(VisitState state) => state switch
    {
        VisitState.Upcoming => "upcoming",
        VisitState.Open => "open",
        VisitState.Missed => "missed",
        _ => "submitted",
    };

    public static string Text(VisitTiming timing) => timing switch
    {
        VisitTiming.Early => "early",
        VisitTiming.Late => "late",
        _ => "inWindow",
    };
}

/// <summary>
/// What a submission is marked with as it is saved: early, in the window or late, and the submitting member's arrival at
/// the zone (a scan of the zone sign at most <see cref="VisitWindows.VisitLength"/> before it) when there is one. Both
/// are judged at <see cref="Inspection.VisitedAt"/>: when the phone finished the checklist, so one finished in the window
/// without a connection and sent the next day is not late.
/// </summary>
public sealed class VisitMarks(SafetyFlowDbContext db)
{
    public async Task MarkAsync(Inspection inspection, Guid memberId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        var visitedAt = inspection.VisitedAt ?? throw new InvalidOperationException("Only a submitted inspection is marked.");
        inspection.MarkTiming(VisitWindows.TimingOf(inspection.VisitWindowStart, inspection.VisitWindowEnd, visitedAt));
        var since = visitedAt - VisitWindows.VisitLength;
        var arrival = await db.ZoneArrivals.AsNoTracking()
            .Where(a => a.ZoneId == inspection.ZoneId && a.PersonId == memberId && a.At >= since && a.At <= visitedAt)
            .OrderBy(a => a.At)
            .FirstOrDefaultAsync(cancellationToken);
        if (arrival is not null)
        {
            inspection.ProveArrival(arrival);
        }
    }
}
