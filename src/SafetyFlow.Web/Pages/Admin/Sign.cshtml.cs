using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QRCoder;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Inspections;

namespace SafetyFlow.Web.Pages.Admin;

/// <summary>
/// The printable sign for a zone: its name, its member and phone, and a QR code of the zone's signed address under
/// <c>SafetyFlow:PublicUrl</c> (<see cref="ZoneSigns"/>), which records the member's arrival and opens the week's inspection.
/// </summary>
public sealed class SignModel(SafetyFlowDbContext db, ZoneSigns signs) : PageModel
{
    public string ZoneName { get; private set; } = "";

    public string MemberName { get; private set; } = "";

    public string? MemberPhone { get; private set; }

    public string InspectUrl { get; private set; } = "";

    public string QrSvgBase64 { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string key)
    {
        var zone = await db.Zones.AsNoTracking()
            .Where(z => z.Key == key)
            .Select(z => new { z.Key, z.Name, Member = z.Member!.DisplayName, Phone = z.Member.PhoneNumber })
            .SingleOrDefaultAsync(HttpContext.RequestAborted);
        if (zone is null)
        {
            return NotFound();
        }

        ZoneName = zone.Name;
        MemberName = zone.Member;
        MemberPhone = zone.Phone;
        InspectUrl = signs.Url(zone.Key);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(InspectUrl, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(8);
        QrSvgBase64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
        return Page();
    }
}
