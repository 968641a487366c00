using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Inspections;

/// <summary>The visit at the top of a checklist: upcoming, open now or missed; once submitted, early or late and whether on site.</summary>
public sealed class VisitHeaderViewComponent(SafetyFlowDbContext db, ViewerFactory viewers, TimeProvider clock) : ViewComponent
{
    public sealed record Model(InspectionDetail Inspection, InspectionVisit Visit, bool IsMember, DateTimeOffset? ArrivedNow);

    public async Task<IViewComponentResult> InvokeAsync(InspectionDetail inspection)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        var cancellationToken = HttpContext.RequestAborted;
        var viewer = await viewers.ForAsync(UserClaimsPrincipal, cancellationToken);
        var isMember = inspection.Member == viewer.UserName;
        DateTimeOffset? arrivedNow = null;
        if (isMember && inspection.SubmittedAt is null)
        {
            // The member's latest scan of this zone's sign that a submission now would count.
            var since = clock.GetUtcNow() - VisitWindows.VisitLength;
            arrivedNow = await db.ZoneArrivals.AsNoTracking()
                .Where(a => a.PersonId == viewer.UserId && a.At >= since && db.Zones.Any(z => z.Id == a.ZoneId && z.Key == inspection.Zone))
                .OrderByDescending(a => a.At)
                .Select(a => (DateTimeOffset?)a.At)
                .FirstOrDefaultAsync(cancellationToken);
        }

        return View(new Model(inspection, inspection.Visit ?? new InspectionVisit("submitted", null, false, null, false), isMember, arrivedNow));
    }
}
