using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Zones;

/// <summary>
/// Where the QR code on a zone sign leads. With the sign's token (<c>?t=</c>) the zone's member's arrival is recorded
/// (<see cref="RecordArrival"/>); then the zone's inspection of this week opens, or the list of them when the zone has
/// several. A token that is not the zone's gets a page saying so, and nothing is recorded.
/// </summary>
public sealed class InspectModel(SafetyFlowDbContext db, ViewerFactory viewers, RecordArrival arrivals, WorkCalendar calendar, TimeProvider clock) : PageModel
{
    public string ZoneName { get; private set; } = "";

    public string Message { get; private set; } = "zoneInspect.noneDue";

    public bool BadSign { get; private set; }

    public DateTimeOffset? ArrivedAt { get; private set; }

    public IReadOnlyList<ZoneWeekInspection> Inspections { get; private set; } = [];

    public sealed record ZoneWeekInspection(Guid Id, string WorkflowId, string State);

    public async Task<IActionResult> OnGetAsync(string key, string? t)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var zone = await db.Zones.AsNoTracking().SingleOrDefaultAsync(z => z.Key == key, cancellationToken);
        if (zone is null && t is null)
        {
            return NotFound();
        }

        var viewer = await viewers.ForAsync(User, cancellationToken);
        if (t is not null)
        {
            var scan = await arrivals.HandleAsync(new ArrivalScan(new RecordArrivalRequest(key, t, null), viewer), cancellationToken);
            if (scan.Failure is Failure.Invalid)
            {
                BadSign = true;
                ZoneName = zone?.Name ?? key;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }

            ArrivedAt = scan.Succeeded ? scan.Value.At : null;
        }

        ZoneName = zone!.Name;
        if (zone.MemberId != viewer.UserId && !viewer.SeesEverything && !viewer.Supervises(zone.UnitId))
        {
            Message = "zoneInspect.notYours";
            return Page();
        }

        var now = clock.GetUtcNow();
        var week = calendar.WeekOf(now);
        var rows = await db.Inspections.AsNoTracking()
            .Where(i => i.ZoneId == zone.Id && i.Week == week)
            .OrderBy(i => i.VisitWindowStart)
            .ToListAsync(cancellationToken);
        Inspections = [.. rows.Select(i => new ZoneWeekInspection(
            i.Id, i.WorkflowId, VisitWindows.Text(VisitWindows.StateAt(i.VisitWindowStart, i.VisitWindowEnd, i.SubmittedAt, now))))];
        // The one still to do opens at once; with several, the member picks from the zone's list.
        var toDo = Inspections.Where(i => i.State != "submitted").ToList();
        return toDo.Count == 1 ? Redirect($"/inspections/{toDo[0].Id}") : Page();
    }
}
