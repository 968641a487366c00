using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.People;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Admin;

public sealed record PersonRow(string UserName, string DisplayName, string? Phone, IReadOnlyList<string> Roles, string? Unit, bool Active);

/// <summary>What the last button did, as a text key with the person's name.</summary>
public sealed record PeopleMessage(string Key, string UserName, bool Failed);

/// <summary>Everyone who may sign in, and the deactivate / activate buttons over the same use cases as <c>/api/people</c>.</summary>
public sealed class PeopleModel(SafetyFlowDbContext db, DeactivatePerson deactivate, ActivatePerson activate) : PageModel
{
    public IReadOnlyList<PersonRow> People { get; private set; } = [];

    public PeopleMessage? Message { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostDeactivateAsync(string userName)
    {
        var actingUserId = PersonActivationEndpoints.ActingUserId(User);
        var result = await deactivate.HandleAsync(new DeactivatePersonRequest(userName, actingUserId), HttpContext.RequestAborted);
        Message = result.Failure switch
        {
            null => new PeopleMessage("admin.personDeactivated", userName, Failed: false),
            Failure.Conflict => new PeopleMessage("admin.notYourself", userName, Failed: true),
            _ => new PeopleMessage("admin.unknownPerson", userName, Failed: true),
        };
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostActivateAsync(string userName)
    {
        var result = await activate.HandleAsync(new ActivatePersonRequest(userName), HttpContext.RequestAborted);
        Message = result.Succeeded
            ? new PeopleMessage("admin.personActivated", userName, Failed: false)
            : new PeopleMessage("admin.unknownPerson", userName, Failed: true);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var roles = (await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(cancellationToken))
            .ToLookup(x => x.UserId, x => x.Name!);
        var people = await db.Users.AsNoTracking().OrderBy(u => u.UserName)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.PhoneNumber, Unit = u.Unit!.Name, u.LockoutEnd })
            .ToListAsync(cancellationToken);
        People = [.. people.Select(p => new PersonRow(
            p.UserName!, p.DisplayName, p.PhoneNumber, [.. roles[p.Id].Order(StringComparer.Ordinal)], p.Unit, AppUser.IsActiveWith(p.LockoutEnd)))];
    }
}
