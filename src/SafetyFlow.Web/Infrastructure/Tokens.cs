using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// The key that signs access tokens: from <c>SafetyFlow:Auth:SigningKey</c>, or generated once and kept in the
/// database so every node and every restart accepts the same tokens.
/// </summary>
public sealed class SigningKeys(IOptions<AuthOptions> options)
{
    private const string SettingKey = "auth.signing-key";
    public const string Issuer = "safetyflow";
    private SymmetricSecurityKey? _key;

    public SymmetricSecurityKey Key => _key ?? throw new InvalidOperationException("The signing key is loaded at start-up.");

    public async Task LoadAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var configured = options.Value.SigningKey;
        if (!string.IsNullOrEmpty(configured))
        {
            _key = new SymmetricSecurityKey(Convert.FromBase64String(configured));
            return;
        }

        var stored = await db.SystemSettings.FindAsync([SettingKey], cancellationToken);
        if (stored is null)
        {
            stored = new SystemSetting { Key = SettingKey, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)) };
            db.SystemSettings.Add(stored);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node stored one first: use that.
                db.ChangeTracker.Clear();
                stored = await db.SystemSettings.AsNoTracking().SingleAsync(s => s.Key == SettingKey, cancellationToken);
            }
        }

        _key = new SymmetricSecurityKey(Convert.FromBase64String(stored.Value));
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
