using FluentValidation;
using Microsoft.AspNetCore.Identity;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.People;

/// <summary>Who is deactivated, and which admin asks (an admin may not deactivate themselves).</summary>
public sealed record DeactivatePersonRequest(string UserName, Guid ActingUserId);

/// <summary>A person's sign-in state after a change.</summary>
public sealed record PersonStatus(string UserName, bool Active);

internal sealed class DeactivatePersonValidator : AbstractValidator<DeactivatePersonRequest>
{
    public DeactivatePersonValidator()
    {
        RuleFor(r => r.UserName).NotEmpty().MaximumLength(256);
    }
}

/// <summary>
/// Someone who left: they can no longer sign in, and their security stamp changes, so every cookie and bearer token
/// they hold is refused on its next request. Their name stays on everything they did.
/// </summary>
public sealed class DeactivatePerson(IValidator<DeactivatePersonRequest> validator, UserManager<AppUser> users)
{
    public async Task<Result<PersonStatus>> HandleAsync(DeactivatePersonRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var person = await users.FindByNameAsync(request.UserName);
        if (person is null)
        {
            return new Failure.NotFound();
        }

        if (person.Id == request.ActingUserId)
        {
            return new Failure.Conflict("Cannot deactivate yourself", "Another admin has to deactivate your account, so the last admin cannot lock everyone out.");
        }

        person.Deactivate();

        // Saves the lockout with the new stamp, which ends every session at once.
        var saved = await users.UpdateSecurityStampAsync(person);
        return saved.Succeeded
            ? new PersonStatus(person.UserName!, Active: false)
            : new Failure.Conflict("Not saved", string.Join(" ", saved.Errors.Select(e => e.Description)));
    }
}
