using Microsoft.AspNetCore.Identity;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Auth;

/// <summary>
/// ASP.NET Core Identity's refusals (the password rules, a taken or invalid user name) in the request's language, from
/// <see cref="Ui"/>: a Chinese page names the rules in Chinese, the API (which runs in the invariant culture) in English.
/// </summary>
public sealed class LocalizedIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), length);

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), uniqueChars);

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric));

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit));

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower));

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper));

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), userName);

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), userName ?? "");

    private static IdentityError Error(string code, params object[] values) => new()
    {
        Code = code,
        Description = Ui.FormatIn("identity." + code, Ui.RequestLanguage, values),
    };
}
