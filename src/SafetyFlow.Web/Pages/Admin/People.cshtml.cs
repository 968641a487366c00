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

/// <summary>A person's form as typed: what is sent back with the errors when it is refused.</summary>
public sealed class PersonForm
{
    public string? UserName { get; set; }

    public string? DisplayName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Unit { get; set; }

    public List<string> Roles { get; set; } = [];

    public string? Language { get; set; } = "zh-CN";

    public string? Password { get; set; }
}

/// <summary>
/// Everyone who may sign in; the form to add a person or edit one (<c>?edit=userName</c>), and the deactivate / activate
/// buttons, over the same use cases as <c>/api/people</c>. A refused form comes back as typed, each error at its field.
/// </summary>
public sealed class PeopleModel(SafetyFlowDbContext db, DeactivatePerson deactivate, ActivatePerson activate, AddPerson add, EditPerson edit) : PageModel
{
    public IReadOnlyList<PersonRow> People { get; private set; } = [];

    public PeopleMessage? Message { get; private set; }

    /// <summary>The units to choose from, by key and name.</summary>
    public IReadOnlyList<(string Key, string Name)> Units { get; private set; } = [];

    /// <summary>The user name of the person being edited; null when the form adds one.</summary>
    public string? Editing { get; private set; }

    /// <summary>The form's fields are named as the API's (<c>userName</c>, <c>roles</c>, ...), bound here without a prefix.</summary>
    [BindProperty]
    public PersonForm Form { get; set; } = new();

    /// <summary>Each refused field with the use case's messages.</summary>
    public IReadOnlyDictionary<string, string[]> FieldErrors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(string? edit)
    {
        if (edit is not null)
        {
            var person = await db.Users.AsNoTracking().Where(u => u.UserName == edit)
                .Select(u => new { u.Id, u.UserName, u.DisplayName, u.Email, u.PhoneNumber, Unit = u.Unit!.Key, u.Language })
                .SingleOrDefaultAsync(HttpContext.RequestAborted);
            if (person is null)
            {
                return NotFound();
            }

            Editing = person.UserName;
            var roles = await db.UserRoles.Where(ur => ur.UserId == person.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(HttpContext.RequestAborted);
            Form = new PersonForm
            {
                UserName = person.UserName, DisplayName = person.DisplayName, Email = person.Email, Phone = person.PhoneNumber,
                Unit = person.Unit, Roles = roles, Language = person.Language,
            };
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync()
    {
        var result = await add.HandleAsync(
            new AddPersonRequest(Form.UserName?.Trim(), Form.DisplayName, Blank(Form.Email), Blank(Form.Phone), Form.Unit, Form.Roles, Form.Language, Form.Password),
            HttpContext.RequestAborted);
        return await AnswerAsync(result, "adminEdit.personAdded", editing: null);
    }

    public async Task<IActionResult> OnPostEditAsync(string userName)
    {
        var result = await edit.HandleAsync(
            new EditPersonRequest(userName, Form.DisplayName, Blank(Form.Email), Blank(Form.Phone), Form.Unit, Form.Roles, Form.Language, PersonActivationEndpoints.ActingUserId(User)),
            HttpContext.RequestAborted);
        if (result.Failure is Failure.NotFound)
        {
            return NotFound();
        }

        Form.UserName = userName;
        return await AnswerAsync(result, "adminEdit.personSaved", editing: userName);
    }

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
        Form = new PersonForm();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostActivateAsync(string userName)
    {
        var result = await activate.HandleAsync(new ActivatePersonRequest(userName), HttpContext.RequestAborted);
        Message = result.Succeeded
            ? new PeopleMessage("admin.personActivated", userName, Failed: false)
            : new PeopleMessage("admin.unknownPerson", userName, Failed: true);
        Form = new PersonForm();
        await LoadAsync();
        return Page();
    }

    /// <summary>Saved: back to the list with the flash. Refused: the same form as typed, with each error at its field.</summary>
    private async Task<IActionResult> AnswerAsync(Result<PersonView> result, string doneText, string? editing)
    {
        switch (result.Failure)
        {
            case null:
                TempData["PersonSaved"] = doneText;
                TempData["PersonSavedName"] = result.Value.DisplayName;
                return Redirect("/admin/people");
            case Failure.Invalid invalid:
                FieldErrors = invalid.Errors.ToDictionary(e => e.Key.Split('[', '.')[0], e => e.Value, StringComparer.Ordinal);
                break;
            default:
                Message = new PeopleMessage("adminEdit.fix", Form.UserName ?? "", Failed: true);
                break;
        }

        Editing = editing;
        Form.Password = null;
        await LoadAsync();
        return Page();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

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
        Units = [.. (await db.Units.AsNoTracking().OrderBy(u => u.Key).Select(u => new { u.Key, u.Name }).ToListAsync(cancellationToken)).Select(u => (u.Key, u.Name))];
    }
}
