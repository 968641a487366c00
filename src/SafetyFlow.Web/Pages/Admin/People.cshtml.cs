using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;

namespace SafetyFlow.Web.Pages.Admin;

public sealed record PersonRow(string UserName, string DisplayName, string? Phone, IReadOnlyList<string> Roles, string? Unit);

public sealed class PeopleModel(SafetyFlowDbContext db) : PageModel
{
    public IReadOnlyList<PersonRow> People { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var roles = (await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(cancellationToken))
            .ToLookup(x => x.UserId, x => x.Name!);
        var people = await db.Users.AsNoTracking().OrderBy(u => u.UserName)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.PhoneNumber, Unit = u.Unit!.Name })
            .ToListAsync(cancellationToken);
        People = [.. people.Select(p => new PersonRow(p.UserName!, p.DisplayName, p.PhoneNumber, [.. roles[p.Id].Order(StringComparer.Ordinal)], p.Unit))];
    }
}
