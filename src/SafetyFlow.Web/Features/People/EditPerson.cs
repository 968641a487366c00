using FluentValidation;
using Microsoft.AspNetCore.Identity;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.People;

/// <summary>A person's fields as the admin leaves them; the user name names who, and does not change.</summary>
public sealed record EditPersonRequest(
    string UserName,
    string? DisplayName,
    string? Email,
    string? Phone,
    string? Unit,
    IReadOnlyList<string>? Roles,
    string? Language,
    Guid ActingUserId) : IPersonFields;

internal sealed class EditPersonValidator : PersonFieldsValidator<EditPersonRequest>
{
    public EditPersonValidator() => RuleFor(r => r.UserName).NotEmpty().MaximumLength(256).WithoutNul();
}

/// <summary>
/// An admin changes a person's name, email, phone, unit, roles and saved language. Roles the organisation relies on stay
/// (a zone's member, an asset's owner), and an admin does not take the Admin role from themselves, so the last admin
/// cannot lock everyone out. A change of roles changes the person's stamp: their sessions end, and they sign in again
/// with the roles they hold now. Deactivation is its own action and is left as it is.
/// </summary>
public sealed class EditPerson(IValidator<EditPersonRequest> validator, SafetyFlowDbContext db, UserManager<AppUser> users)
{
    public async Task<Result<PersonView>> HandleAsync(EditPersonRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var person = await users.FindByNameAsync(request.UserName);
        if (person is null)
        {
            return new Failure.NotFound();
        }

        var wanted = request.Roles!.Distinct(StringComparer.Ordinal).ToList();
        var (unit, errors) = await PersonRules.CheckAsync(db, person.Id, request.Unit!, wanted, cancellationToken);
        if (person.Id == request.ActingUserId && !wanted.Contains(nameof(Role.Admin)))
        {
            PersonRules.Add(errors, "roles", "You keep the Admin role; another admin has to take it from you.");
        }

        if (errors.Count > 0)
        {
            return new Failure.Invalid(PersonRules.Frozen(errors));
        }

        person.DisplayName = request.DisplayName!.Trim();
        person.Email = string.IsNullOrEmpty(request.Email) ? null : request.Email;
        person.PhoneNumber = string.IsNullOrEmpty(request.Phone) ? null : request.Phone;
        person.UnitId = unit!.Id;
        person.Language = request.Language!;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = await users.GetRolesAsync(person);
        var steps = new List<IdentityResult>
        {
            await users.RemoveFromRolesAsync(person, current.Except(wanted)),
            await users.AddToRolesAsync(person, wanted.Except(current)),
        };
        steps.Add(current.Order().SequenceEqual(wanted.Order()) ? await users.UpdateAsync(person) : await users.UpdateSecurityStampAsync(person));
        if (steps.FirstOrDefault(s => !s.Succeeded) is { } failed)
        {
            return new Failure.Conflict("Not saved", string.Join(" ", failed.Errors.Select(e => e.Description)));
        }

        await transaction.CommitAsync(cancellationToken);
        return await PersonRules.ViewAsync(db, users, person, cancellationToken);
    }
}
