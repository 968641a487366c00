using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Inspections;

/// <summary>The body of <c>POST /api/arrivals</c>: a scan of a zone sign, sent when it was made or later.</summary>
/// <param name="Zone">The zone's key, as the sign's address names it.</param>
/// <param name="Token">The sign's token, the <c>t</c> of its address.</param>
/// <param name="At">When the phone scanned the sign, by the phone's clock; left out, the arrival is now.</param>
public sealed record RecordArrivalRequest(string? Zone, string? Token, DateTimeOffset? At);

/// <summary>A recorded arrival and the zone's inspections of the week it falls in.</summary>
public sealed record ArrivalView(string Zone, string ZoneName, DateTimeOffset At, bool PhoneTime, IReadOnlyList<Guid> Inspections);

internal sealed class RecordArrivalRequestValidator : AbstractValidator<RecordArrivalRequest>
{
    public RecordArrivalRequestValidator()
    {
        RuleFor(r => r.Zone).NotEmpty().MaximumLength(64).OverridePropertyName("zone");
        RuleFor(r => r.Token).NotEmpty().MaximumLength(64).OverridePropertyName("token");
    }
}

/// <summary>A scan of a zone sign by a person, checked against the sign's token, at <paramref name="Request"/>'s time or now.</summary>
public sealed record ArrivalScan(RecordArrivalRequest Request, Viewer Viewer);

/// <summary>
/// Records the zone's member arriving at the zone: the sign's token must be the zone's. A scan sent later carries the phone's
/// time and is kept with it, flagged; an inspection the member submitted within a visit's length after it is then shown as
/// done on site, whichever of the two reached the server first.
/// </summary>
public sealed class RecordArrival(IValidator<RecordArrivalRequest> validator, SafetyFlowDbContext db, ZoneSigns signs, WorkCalendar calendar, TimeProvider clock)
{
    public async Task<Result<ArrivalView>> HandleAsync(ArrivalScan scan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var request = scan.Request;
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var now = clock.GetUtcNow();
        if (request.At is { } phoneTime && !VisitWindows.IsPlausiblePhoneTime(phoneTime, now))
        {
            return Invalid("at", $"The scan's time must lie between {VisitWindows.PhoneKeepsAtMost.TotalDays} days ago and now; the phone's clock says {phoneTime:O}.");
        }

        var zone = await db.Zones.AsNoTracking().SingleOrDefaultAsync(z => z.Key == request.Zone, cancellationToken);
        if (zone is null || !signs.IsValid(zone.Key, request.Token))
        {
            // An unknown zone and a wrong token read alike, so the answer tells nothing about which zones exist.
            return Invalid("token", "This is not a SafetyFlow zone sign, or it was changed: ask the safety office for a new sign.");
        }

        if (zone.MemberId != scan.Viewer.UserId)
        {
            return new Failure.Forbidden("Only the zone's member records an arrival at it.");
        }

        var arrival = request.At is { } at
            ? ZoneArrival.SyncedLater(zone.Id, scan.Viewer.UserId, at, now)
            : ZoneArrival.Scanned(zone.Id, scan.Viewer.UserId, now);
        db.ZoneArrivals.Add(arrival);

        // A scan sent after the submission it proves, judged at the time the checklist was finished (Inspection.VisitedAt).
        var until = arrival.At + VisitWindows.VisitLength;
        var submitted = await db.Inspections
            .Where(i => i.ZoneId == zone.Id && i.SubmittedById == scan.Viewer.UserId)
            .Where(i => (i.CompletedAt ?? i.SubmittedAt) >= arrival.At && (i.CompletedAt ?? i.SubmittedAt) <= until)
            .ToListAsync(cancellationToken);
        foreach (var inspection in submitted)
        {
            inspection.ProveArrival(arrival);
        }

        await db.SaveChangesAsync(cancellationToken);
        var week = calendar.WeekOf(arrival.At);
        var inspections = await db.Inspections.AsNoTracking()
            .Where(i => i.ZoneId == zone.Id && i.Week == week)
            .OrderBy(i => i.VisitWindowStart)
            .Select(i => i.Id)
            .ToListAsync(cancellationToken);
        return new ArrivalView(zone.Key, zone.Name, arrival.At, arrival.PhoneTime, inspections);
    }

    private static Failure.Invalid Invalid(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] }.AsReadOnly());
}

/// <summary>The endpoint over <see cref="RecordArrival"/>.</summary>
internal static class RecordArrivalEndpoint
{
    public static async Task<Results<Ok<ArrivalView>, FailureHttpResult>> Handle(
        RecordArrivalRequest request, ClaimsPrincipal user, ViewerFactory viewers, RecordArrival arrivals, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(user, cancellationToken);
        var result = await arrivals.HandleAsync(new ArrivalScan(request, viewer), cancellationToken);
        return result.ToHttp(view => TypedResults.Ok(view));
    }
}
