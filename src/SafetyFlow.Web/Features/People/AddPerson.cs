using FluentValidation;
using Microsoft.AspNetCore.Identity;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.People;

/// <summary>A new person: their user name (fixed once made), their fields and the initial password the admin gives them.</summary>
public sealed record AddPersonRequest(
    string? UserName,
    string? DisplayName,
    string? Email,
    string? Phone,
    string? Unit,
    IReadOnlyList<string>? Roles,
    string? Language,
    string? Password) : IPersonFields;

internal sealed class AddPersonValidator : PersonFieldsValidator<AddPersonRequest>
{
    public AddPersonValidator()
    {
        RuleFor(r => r.UserName).NotEmpty().Matches("^[A-Za-z0-9._@-]{1,64}$").WithMessage("Use letters, digits, '.', '_', '@' or '-' (at most 64).");
        RuleFor(r => r.Password).NotEmpty().MaximumLength(128).WithoutNul();
    }
}

/// <summary>
/// An admin adds a person who may then sign in with the initial password given, which Identity's password rules check;
/// every refusal of the form comes at once, at its field (<c>userName</c>, <c>unit</c>, <c>password</c>, ...).
/// </summary>
public sealed class AddPerson(IValidator<AddPersonRequest> validator, SafetyFlowDbContext db, UserManager<AppUser> users)
{
    public async Task<Result<PersonView>> HandleAsync(AddPersonRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var (unit, errors) = await PersonRules.CheckAsync(db, personId: null, request.Unit!, request.Roles!, cancellationToken);
        if (await users.FindByNameAsync(request.UserName!) is not null)
        {
            PersonRules.Add(errors, "userName", $"'{request.UserName}' is taken.");
        }

        await PersonRules.CheckPasswordAsync(users, request.UserName!, request.Password!, errors);
        if (errors.Count > 0)
        {
            return new Failure.Invalid(PersonRules.Frozen(errors));
        }

        var person = new AppUser
        {
            UserName = request.UserName,
            DisplayName = request.DisplayName!.Trim(),
            Email = string.IsNullOrEmpty(request.Email) ? null : request.Email,
            PhoneNumber = string.IsNullOrEmpty(request.Phone) ? null : request.Phone,
            UnitId = unit!.Id,
            Language = request.Language!,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(person, request.Password!);
        if (!created.Succeeded)
        {
            return new Failure.Invalid(new Dictionary<string, string[]> { ["userName"] = [.. created.Errors.Select(e => e.Description)] });
        }

        var added = await users.AddToRolesAsync(person, request.Roles!.Distinct(StringComparer.Ordinal));
        if (!added.Succeeded)
        {
            return new Failure.Conflict("Not saved", string.Join(" ", added.Errors.Select(e => e.Description)));
        }

        await transaction.CommitAsync(cancellationToken);
        return await PersonRules.ViewAsync(db, users, person, cancellationToken);
    }
}
