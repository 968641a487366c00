using Microsoft.AspNetCore.Identity;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Features.Auth;

/// <summary>
/// Checks a user name and password for the token route and the sign-in page alike. Every refusal takes the same path
/// and the same time: an unknown name is checked against a stored-looking hash, so the answer does not tell whether the
/// account exists, and a deactivated person's password is checked before they are refused.
/// </summary>
public sealed class SignInCheck(UserManager<AppUser> users, IPasswordHasher<AppUser> hasher)
{
    /// <summary>The one message every refusal gives, on the API and the page.</summary>
    public const string Refusal = "The user name or password is wrong, or sign-in is paused for this account; try again later.";

    private static readonly AppUser Nobody = new() { UserName = "", DisplayName = "" };
    private static string? _nobodysHash;

    /// <summary>The person, when the password is theirs and they are active; otherwise null.</summary>
    public async Task<AppUser?> CheckAsync(string userName, string password)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            // Same work as a real check: one hash verification with the same hasher and iteration count.
            _nobodysHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
            hasher.VerifyHashedPassword(Nobody, _nobodysHash, password);
            return null;
        }

        // Not SignInManager: it refuses a locked-out (or deactivated) account before hashing, which answers faster.
        var matches = await users.CheckPasswordAsync(user, password);
        return matches && user.IsActive ? user : null;
    }
}
