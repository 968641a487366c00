using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>
/// One zone's inspections whose visit window began in the period: <paramref name="Due"/> those whose window has ended or
/// that were submitted; <paramref name="OnSite"/> those submitted after a scan of the zone sign; <paramref name="Missed"/>
/// those not submitted by the end of their window; <paramref name="OnSiteRate"/> on site of submitted (0..1).
/// </summary>
public sealed record PresenceRow(string Zone, string ZoneName, int Due, int Submitted, int OnSite, int Late, int Early, int Missed, double OnSiteRate);

public sealed record PresenceRequest(string? From, string? To, Viewer Viewer);

/// <summary>How the viewer's zones' inspections were done in a period: on site, late, early, missed.</summary>
public sealed class InspectionPresence(SafetyFlowDbContext db, WorkCalendar calendar, TimeProvider clock)
{
    public async Task<Result<PresenceRow[]>> HandleAsync(PresenceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        var (start, end) = ReportPeriod.Range(request.From, request.To, calendar, now, errors);
        if (errors.Any)
        {
            return new Failure.Invalid(errors.ToDictionary().AsReadOnly());
        }

        var rows = await db.Inspections.AsNoTracking()
            .VisibleTo(request.Viewer)
            .Where(i => i.VisitWindowStart >= start && i.VisitWindowStart < end && (i.SubmittedAt != null || i.VisitWindowEnd < now))
            .GroupBy(i => new { i.Zone!.Key, i.Zone.Name })
            .Select(g => new
            {
                g.Key.Key,
                g.Key.Name,
                Due = g.Count(),
                Submitted = g.Count(i => i.SubmittedAt != null),
                OnSite = g.Count(i => i.SubmittedAt != null && i.ArrivedAt != null),
                Late = g.Count(i => i.Timing == VisitTiming.Late),
                Early = g.Count(i => i.Timing == VisitTiming.Early),
                Missed = g.Count(i => i.SubmittedAt == null),
            })
            .ToListAsync(cancellationToken);
        return rows
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new PresenceRow(r.Key, r.Name, r.Due, r.Submitted, r.OnSite, r.Late, r.Early, r.Missed, r.Submitted == 0 ? 0 : (double)r.OnSite / r.Submitted))
            .ToArray();
    }
}
