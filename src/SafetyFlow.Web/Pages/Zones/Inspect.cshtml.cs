using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Zones;

/// <summary>Where the QR code on a zone sign leads: the zone's inspection that is due now, or a word that none is.</summary>
public sealed class InspectModel(SafetyFlowDbContext db, ViewerFactory viewers) : PageModel
{
    public string ZoneName { get; private set; } = "";

    public string Message { get; private set; } = "zoneInspect.noneDue";

    public async Task<IActionResult> OnGetAsync(string key)
    {
        var cancellationToken = HttpContext.RequestAborted;
        var zone = await db.Zones.AsNoTracking().SingleOrDefaultAsync(z => z.Key == key, cancellationToken);
        if (zone is null)
        {
            return NotFound();
        }

        ZoneName = zone.Name;
        var viewer = await viewers.ForAsync(User, cancellationToken);
        if (zone.MemberId != viewer.UserId && !viewer.SeesEverything && !viewer.Supervises(zone.UnitId))
        {
            Message = "zoneInspect.notYours";
            return Page();
        }

        var due = await db.Inspections.AsNoTracking()
            .Where(i => i.ZoneId == zone.Id && i.SubmittedAt == null)
            .OrderBy(i => i.DueAt)
            .Select(i => new { i.Id, i.DueAt })
            .ToListAsync(cancellationToken);
        return due.Count switch
        {
            0 => Page(),
            1 => Redirect($"/inspections/{due[0].Id}"),
            _ => Redirect("/inspections"),
        };
    }
}
