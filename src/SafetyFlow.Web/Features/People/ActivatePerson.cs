using FluentValidation;
using Microsoft.AspNetCore.Identity;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.People;

public sealed record ActivatePersonRequest(string UserName);

internal sealed class ActivatePersonValidator : AbstractValidator<ActivatePersonRequest>
{
    public ActivatePersonValidator()
    {
        RuleFor(r => r.UserName).NotEmpty().MaximumLength(256);
    }
}

/// <summary>
/// Lets a deactivated person sign in again, with the roles they hold now. Cookies and tokens from before their
/// deactivation stay refused: the stamp changed then.
/// </summary>
public sealed class ActivatePerson(IValidator<ActivatePersonRequest> validator, UserManager<AppUser> users)
{
    public async Task<Result<PersonStatus>> HandleAsync(ActivatePersonRequest request, CancellationToken cancellationToken)
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

        person.Activate();
        var saved = await users.UpdateAsync(person);
        return saved.Succeeded
            ? new PersonStatus(person.UserName!, Active: true)
            : new Failure.Conflict("Not saved", string.Join(" ", saved.Errors.Select(e => e.Description)));
    }
}
