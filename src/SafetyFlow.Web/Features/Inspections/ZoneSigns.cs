using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Features.Inspections;

/// <summary>
/// The signed token a zone sign's QR code carries: an HMAC of the zone's key with the trail key (kept sealed in the
/// database like the other keys), so only SafetyFlow makes a sign that records an arrival, and a sign for one zone
/// cannot be edited into another's. The code opens <c>&lt;PublicUrl&gt;/zones/{key}/inspect?t=&lt;token&gt;</c>.
/// </summary>
public sealed class ZoneSigns(TrailKey key, IOptions<Delivery.LinkOptions> links)
{
    /// <summary>32 hex digits (128 bits) keep the QR code small enough to scan from across a room.</summary>
    private const int TokenLength = 32;

    public string Token(string zoneKey) => key.Mac("zone-sign/1", zoneKey)[..TokenLength];

    public bool IsValid(string zoneKey, string? token) =>
        token is { Length: TokenLength }
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Token(zoneKey)), Encoding.ASCII.GetBytes(token.ToLowerInvariant()));

    public string Url(string zoneKey) =>
        $"{links.Value.PublicUrl.TrimEnd('/')}/zones/{Uri.EscapeDataString(zoneKey)}/inspect?t={Token(zoneKey)}";
}
