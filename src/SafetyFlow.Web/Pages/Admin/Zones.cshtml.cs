using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;

namespace SafetyFlow.Web.Pages.Admin;

public sealed record AssetRowView(string Key, string Name, string Type, string Owner);

public sealed record ZoneRowView(string Key, string Name, string Unit, string Member, IReadOnlyList<AssetRowView> Assets);

public sealed class ZonesModel(SafetyFlowDbContext db) : PageModel
{
    public IReadOnlyList<ZoneRowView> Zones { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var assets = (await db.Assets.AsNoTracking().OrderBy(a => a.Key)
                .Select(a => new { a.ZoneId, a.Key, a.Name, a.Type, Owner = a.Owner!.DisplayName })
                .ToListAsync(cancellationToken))
            .ToLookup(a => a.ZoneId, a => new AssetRowView(a.Key, a.Name, a.Type, a.Owner));
        var zones = await db.Zones.AsNoTracking().OrderBy(z => z.Key)
            .Select(z => new { z.Id, z.Key, z.Name, Unit = z.Unit!.Name, Member = z.Member!.DisplayName })
            .ToListAsync(cancellationToken);
        Zones = [.. zones.Select(z => new ZoneRowView(z.Key, z.Name, z.Unit, z.Member, [.. assets[z.Id]]))];
    }
}
