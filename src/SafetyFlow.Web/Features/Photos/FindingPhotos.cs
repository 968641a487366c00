using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Findings;

namespace SafetyFlow.Web.Features.Photos;

/// <summary>The photos of a finding: of the defect as the member saw it, and of each fix the owner submitted.</summary>
public sealed record FindingPhotoSet(IReadOnlyList<Guid> Defect, IReadOnlyList<FixPhoto> Fixes)
{
    public static FindingPhotoSet None { get; } = new([], []);

    /// <summary>The photos of the latest fix submission.</summary>
    public IEnumerable<Guid> LatestFix => Fixes.Count == 0 ? [] : Fixes.Where(f => f.FixNumber == Fixes.Max(x => x.FixNumber)).Select(f => f.Id);
}

public sealed record FixPhoto(int FixNumber, Guid Id);

/// <summary>The photo ids of findings the viewer has already been shown; each photo is served through <see cref="GetPhoto"/>.</summary>
public sealed class FindingPhotos(SafetyFlowDbContext db)
{
    public async Task<Dictionary<Guid, FindingPhotoSet>> ForAsync(IReadOnlyCollection<FindingView> findings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var findingIds = findings.Select(f => f.Id).ToList();
        var inspectionIds = findings.Where(f => f.InspectionId is not null).Select(f => f.InspectionId!.Value).Distinct().ToList();
        var defects = await db.Photos.AsNoTracking()
            .Where(p => p.Purpose == PhotoPurpose.Defect && inspectionIds.Contains(p.InspectionId!.Value))
            .Select(p => new { p.Id, p.InspectionId, Asset = db.Assets.Where(a => a.Id == p.AssetId).Select(a => a.Key).FirstOrDefault(), p.ItemId, p.UploadedAt })
            .ToListAsync(cancellationToken);
        var fixes = await db.Photos.AsNoTracking()
            .Where(p => p.Purpose == PhotoPurpose.Fix && findingIds.Contains(p.FindingId!.Value))
            .Select(p => new { p.Id, FindingId = p.FindingId!.Value, FixNumber = p.FixNumber ?? 1 })
            .ToListAsync(cancellationToken);
        return findings.ToDictionary(
            f => f.Id,
            f => new FindingPhotoSet(
                [.. defects.Where(d => d.InspectionId == f.InspectionId && d.Asset == f.Asset && d.ItemId == f.ItemId).Select(d => d.Id)],
                [.. fixes.Where(x => x.FindingId == f.Id).OrderBy(x => x.FixNumber).Select(x => new FixPhoto(x.FixNumber, x.Id))]));
    }
}
