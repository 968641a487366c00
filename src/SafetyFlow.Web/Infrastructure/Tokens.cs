using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// The key that signs access tokens: from <c>SafetyFlow:Auth:SigningKey</c>, or made once and kept in the database
/// sealed with the master key (<see cref="KeyRing"/>), so every node and every restart accepts the same tokens and a
/// copy of the database alone cannot sign one.
/// </summary>
public sealed class SigningKeys(IOptions<AuthOptions> options)
{
    public const string Issuer = "safetyflow";
    private SymmetricSecurityKey? _key;

    public SymmetricSecurityKey Key => _key ?? throw new InvalidOperationException("The signing key is loaded at start-up.");

    /// <summary>Takes the stored key, opened by the key ring; a configured key is used instead when set.</summary>
    internal void Use(byte[] stored)
    {
        var configured = options.Value.SigningKey;
        _key = new SymmetricSecurityKey(string.IsNullOrEmpty(configured) ? stored : Convert.FromBase64String(configured));
    }
}

/// <summary>
/// Issues bearer tokens for signed-in people. Tokens live in real time, not on the simulation clock: moving a
/// simulation forward by days must not sign everyone out.
/// </summary>
public sealed class TokenIssuer(SigningKeys keys, IOptions<AuthOptions> options)
{
    public (string Token, int ExpiresIn) Issue(AppUser user, IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = TimeProvider.System.GetUtcNow();
        var lifetime = options.Value.TokenLifetime;
        var claims = new List<Claim>
        {
            new(TokenClaims.Subject, user.Id.ToString()),
            new(TokenClaims.Name, user.UserName!),
            new(TokenClaims.Stamp, SessionStamp.Of(user.SecurityStamp)),
        };
        claims.AddRange(roles.Select(r => new Claim(TokenClaims.Role, r)));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = SigningKeys.Issuer,
            Audience = SigningKeys.Issuer,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        };
        return (new JsonWebTokenHandler().CreateToken(descriptor), (int)lifetime.TotalSeconds);
    }
}
