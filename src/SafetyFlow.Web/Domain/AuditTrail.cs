using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SafetyFlow.Web.Domain;

/// <summary>
/// The tamper-evident trail: every history record holds the hash of its own content, of the finding's accepted state
/// after the change, and of the record before it. Changing, removing or reordering a stored record, or editing a
/// finding's state behind the app's back, breaks a hash that <c>GET /api/audit/verify</c> recomputes.
/// </summary>
public static class AuditTrail
{
    /// <summary>What the first finding's first record follows.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Hex SHA-256 of the finding's fields that an audit relies on.</summary>
    public static string Digest(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var plan = finding.FiveFixes;
        return Sha256(
            "finding",
            finding.Id.ToString("D"),
            finding.ZoneId.ToString("D"),
            finding.AssetId.ToString("D"),
            finding.ItemId,
            finding.Severity.ToString(),
            finding.State,
            finding.OwnerId.ToString("D"),
            Instant(finding.RaisedAt),
            Instant(finding.DueAt),
            Instant(finding.FixSubmittedAt),
            Instant(finding.ClosedAt),
            finding.Rejections.ToString(CultureInfo.InvariantCulture),
            finding.EscalationLevel.ToString(CultureInfo.InvariantCulture),
            finding.Supervised ? "1" : "0",
            finding.RepeatOfId?.ToString("D") ?? "",
            plan?.Measures ?? "",
            plan?.Funds ?? "",
            plan?.ResponsiblePerson ?? "",
            Instant(plan?.Deadline),
            plan?.ContingencyPlan ?? "");
    }

    /// <summary>Hex SHA-256 of a record's content with its digest and previous hash.</summary>
    public static string HashOf(FindingTransition record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Sha256(
            "transition",
            record.PreviousHash,
            record.FindingId.ToString("D"),
            Instant(record.At),
            record.ActorId?.ToString("D") ?? "",
            record.ActorName,
            record.Action,
            record.From,
            record.To,
            record.Note ?? "",
            record.FindingDigest);
    }

    // Microseconds since the epoch, in UTC: PostgreSQL keeps no finer precision, and the offset is presentation only.
    private static string Instant(DateTimeOffset? value) =>
        value is { } v ? ((v.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToString(CultureInfo.InvariantCulture) : "";

    // Each field is prefixed with its length, so that moving text from one field to the next changes the hash.
    private static string Sha256(params string[] fields)
    {
        var text = new StringBuilder();
        foreach (var field in fields)
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
