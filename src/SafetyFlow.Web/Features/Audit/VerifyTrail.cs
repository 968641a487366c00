using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Audit;

/// <summary>
/// Whether the trail is intact; <see cref="FirstBroken"/> names the earliest record that fails a check. <see cref="Head"/>
/// is the hash of the latest record: kept outside the database (in minutes, a printed report), it shows later that nothing
/// up to it was rewritten or cut off.
/// </summary>
public sealed record TrailVerification(bool Ok, int Checked, string? Head, BrokenRecord? FirstBroken);

/// <summary>A record that fails a check. <see cref="TransitionId"/> is null when a finding has no record at all.</summary>
public sealed record BrokenRecord(Guid FindingId, long? TransitionId, DateTimeOffset? At, string Reason);

/// <summary>
/// Walks every stored history record in the order written and recomputes the trail: each record's own hash, its link to
/// the record before it, and, for each finding's latest record, the digest of the finding as stored now.
/// </summary>
public static class VerifyTrail
{
    public static async Task<Ok<TrailVerification>> Handle(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        var records = await db.FindingTransitions.AsNoTracking().OrderBy(t => t.Id).ToListAsync(cancellationToken);
        var findings = await db.Findings.AsNoTracking().ToDictionaryAsync(f => f.Id, cancellationToken);
        return TypedResults.Ok(Check(records, findings));
    }

    internal static TrailVerification Check(IReadOnlyList<FindingTransition> records, IReadOnlyDictionary<Guid, Finding> findings)
    {
        var broken = new List<BrokenRecord>();
        var lastOfFinding = new Dictionary<Guid, FindingTransition>();
        var firstRecordHashes = new HashSet<string>(StringComparer.Ordinal) { AuditTrail.Genesis };
        foreach (var record in records)
        {
            var reason = ReasonBroken(record, lastOfFinding.GetValueOrDefault(record.FindingId), firstRecordHashes, findings);
            if (reason is not null)
            {
                broken.Add(new BrokenRecord(record.FindingId, record.Id, record.At, reason));
            }

            if (!lastOfFinding.ContainsKey(record.FindingId))
            {
                firstRecordHashes.Add(record.Hash);
            }

            lastOfFinding[record.FindingId] = record;
        }

        foreach (var (id, finding) in findings)
        {
            if (!lastOfFinding.TryGetValue(id, out var last))
            {
                broken.Add(new BrokenRecord(id, null, null, "the finding has no history records"));
            }
            else if (last.FindingDigest != AuditTrail.Digest(finding))
            {
                broken.Add(new BrokenRecord(id, last.Id, last.At, "the finding's stored fields differ from those its latest record was sealed with"));
            }
        }

        var first = broken.OrderBy(b => b.TransitionId ?? long.MaxValue).FirstOrDefault();
        return new TrailVerification(first is null, records.Count, records.Count == 0 ? null : records[^1].Hash, first);
    }

    private static string? ReasonBroken(
        FindingTransition record, FindingTransition? previous, HashSet<string> firstRecordHashes, IReadOnlyDictionary<Guid, Finding> findings)
    {
        if (!findings.ContainsKey(record.FindingId))
        {
            return "the record's finding is missing";
        }

        if (record.Hash != AuditTrail.HashOf(record))
        {
            return "the record's content does not match its hash";
        }

        if (previous is null)
        {
            // A finding's first record follows the first record of a finding raised before it; if that finding was
            // removed, the hash it follows is nowhere to be found.
            return firstRecordHashes.Contains(record.PreviousHash)
                ? null
                : "the record follows a finding that is no longer stored";
        }

        return record.PreviousHash == previous.Hash ? null : "the record does not follow the finding's previous record (one was changed or removed)";
    }
}

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.SafetyOfficeOrAdmin);
        group.MapGet("/verify", VerifyTrail.Handle)
            .WithName("VerifyTrail")
            .WithSummary("Recomputes the hash-chained trail of every finding and names the first record that fails.");
        return app;
    }
}
