using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.People;

/// <summary>A person as an admin sees and edits them.</summary>
public sealed record PersonView(
    string UserName,
    string DisplayName,
    string? Email,
    string? Phone,
    string Unit,
    IReadOnlyList<string> Roles,
    string Language,
    bool Active);

/// <summary>The fields a person's form shares between adding and editing them.</summary>
public interface IPersonFields
{
    string? DisplayName { get; }

    string? Email { get; }

    string? Phone { get; }

    /// <summary>The unit's key.</summary>
    string? Unit { get; }

    IReadOnlyList<string>? Roles { get; }

    /// <summary><c>zh-CN</c> or <c>en</c>: the language of the person's pages and messages.</summary>
    string? Language { get; }
}

/// <summary>The shape of a person's fields, checked alike when they are added and edited.</summary>
internal abstract class PersonFieldsValidator<T> : AbstractValidator<T>
    where T : IPersonFields
{
    protected PersonFieldsValidator()
    {
        RuleFor(r => r.DisplayName).NotEmpty().MaximumLength(100).WithoutNul();
        RuleFor(r => r.Email).EmailAddress().MaximumLength(256).When(r => !string.IsNullOrEmpty(r.Email));
        RuleFor(r => r.Phone).Matches(@"^\+?[0-9 -]{5,20}$").WithMessage("Use digits, spaces, '-' and a leading '+' (5 to 20).")
            .When(r => !string.IsNullOrEmpty(r.Phone));
        RuleFor(r => r.Unit).NotEmpty().MaximumLength(64).WithoutNul();
        RuleFor(r => r.Roles).NotEmpty().WithMessage("Choose at least one role.");
        RuleForEach(r => r.Roles)
            .Must(r => Enum.GetNames<Role>().Contains(r, StringComparer.Ordinal))
            .WithMessage("'{PropertyValue}' is not a role; use Member, Owner, Supervisor, SafetyOffice or Admin.")
            .OverridePropertyName("roles");
        RuleFor(r => r.Language).Must(l => l is "zh-CN" or "en").WithMessage("Use zh-CN or en.");
    }
}

/// <summary>Checks of a person's form against the stored organisation and Identity's rules.</summary>
internal static class PersonRules
{
    /// <summary>
    /// What the stored organisation says against the form: the unit must exist, and roles a person's zones and assets
    /// rely on stay (a zone's member keeps Member; an asset's or zone's owner keeps Owner).
    /// </summary>
    public static async Task<(Unit? Unit, Dictionary<string, List<string>> Errors)> CheckAsync(
        SafetyFlowDbContext db, Guid? personId, string unitKey, IReadOnlyCollection<string> roles, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var unit = await db.Units.SingleOrDefaultAsync(u => u.Key == unitKey, cancellationToken);
        if (unit is null)
        {
            Add(errors, "unit", $"No unit '{unitKey}'.");
        }

        if (personId is { } id)
        {
            if (!roles.Contains(nameof(Role.Member)) && await db.Zones.Where(z => z.MemberId == id).Select(z => z.Key).FirstOrDefaultAsync(cancellationToken) is { } zone)
            {
                Add(errors, "roles", $"The person inspects zone '{zone}' and keeps the Member role until another member takes it.");
            }

            if (!roles.Contains(nameof(Role.Owner)))
            {
                var owned = await db.Assets.Where(a => a.OwnerId == id).Select(a => a.Key).FirstOrDefaultAsync(cancellationToken)
                    ?? await db.Zones.Where(z => z.OwnerId == id).Select(z => z.Key).FirstOrDefaultAsync(cancellationToken);
                if (owned is not null)
                {
                    Add(errors, "roles", $"The person owns '{owned}' and keeps the Owner role until another owner takes it.");
                }
            }
        }

        return (unit, errors);
    }

    /// <summary>The password against Identity's rules, each refusal at <c>password</c>.</summary>
    public static async Task CheckPasswordAsync(UserManager<AppUser> users, string userName, string password, Dictionary<string, List<string>> errors)
    {
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, new AppUser { UserName = userName }, password);
            foreach (var error in result.Errors)
            {
                Add(errors, "password", error.Description);
            }
        }
    }

    public static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    public static IReadOnlyDictionary<string, string[]> Frozen(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>The person as the admin pages and the API show them.</summary>
    public static async Task<PersonView> ViewAsync(SafetyFlowDbContext db, UserManager<AppUser> users, AppUser person, CancellationToken cancellationToken)
    {
        var unit = person.UnitId is { } unitId ? await db.Units.Where(u => u.Id == unitId).Select(u => u.Key).SingleAsync(cancellationToken) : "";
        var roles = (await users.GetRolesAsync(person)).Order(StringComparer.Ordinal).ToList();
        return new PersonView(person.UserName!, person.DisplayName, person.Email, person.PhoneNumber, unit, roles, person.Language, person.IsActive);
    }
}
