using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Photos;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Inspections;

/// <summary>
/// A defect photo sent after its inspection's answers (the phone's outbox sends each one once the answers are stored):
/// the <paramref name="Image"/> already stored, for the answer to <paramref name="ItemId"/> at <paramref name="Asset"/>
/// (null for an item asked once per zone visit).
/// </summary>
public sealed record DefectPhotoUpload(Guid InspectionId, string? Asset, string? ItemId, StoredImage Image, Viewer Viewer);

/// <summary>
/// Adds a defect photo to a submitted inspection: only its submitter adds one, only to an answer it holds. A photo the
/// inspection already has (the same bytes at the same answer, sent again after a lost reply) is not added twice: the
/// answer is the photo kept. The stored image is discarded whenever it is not kept.
/// </summary>
public sealed class AddDefectPhoto(SafetyFlowDbContext db, PhotoStore photos, TimeProvider clock)
{
    public async Task<Result<Guid>> HandleAsync(DefectPhotoUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        Result<Guid> result;
        try
        {
            result = await AddAsync(upload, cancellationToken);
        }
        catch
        {
            photos.Discard([upload.Image]);
            throw;
        }

        if (result.Failure is not null)
        {
            photos.Discard([upload.Image]);
        }

        return result;
    }

    private async Task<Result<Guid>> AddAsync(DefectPhotoUpload upload, CancellationToken cancellationToken)
    {
        var inspection = await db.Inspections.AsNoTracking()
            .VisibleTo(upload.Viewer)
            .Where(i => i.Id == upload.InspectionId)
            .Select(i => new { i.SubmittedById })
            .SingleOrDefaultAsync(cancellationToken);
        if (inspection is null)
        {
            return new Failure.NotFound();
        }

        if (inspection.SubmittedById != upload.Viewer.UserId)
        {
            return new Failure.Conflict("Not your submission", "The photos of an inspection come with its submission: this one was submitted by someone else, or not yet.");
        }

        var asset = string.IsNullOrEmpty(upload.Asset) ? null : upload.Asset;
        Guid? assetId = asset is null
            ? null
            : await db.Assets.AsNoTracking().Where(a => a.Key == asset).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(cancellationToken);
        var answered = (asset is null || assetId is not null) && await db.InspectionResults.AsNoTracking()
            .AnyAsync(r => r.InspectionId == upload.InspectionId && r.AssetId == assetId && r.ItemId == upload.ItemId, cancellationToken);
        if (!answered)
        {
            return new Failure.Invalid(
                new Dictionary<string, string[]> { ["itemId"] = ["The inspection holds no answer to this item at this asset."] }.AsReadOnly());
        }

        if (await SamePhotoAsync(upload, assetId, cancellationToken) is { } earlier)
        {
            photos.Discard([upload.Image]);
            return earlier;
        }

        var row = Photo.OfDefect(upload.InspectionId, assetId, upload.ItemId!, upload.Image, upload.Viewer.UserId, clock.GetUtcNow());
        db.Photos.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row.Id;
    }

    private async Task<Guid?> SamePhotoAsync(DefectPhotoUpload upload, Guid? assetId, CancellationToken cancellationToken)
    {
        var image = upload.Image;
        var same = await db.Photos.AsNoTracking()
            .Where(p => p.InspectionId == upload.InspectionId && p.AssetId == assetId && p.ItemId == upload.ItemId
                && p.Purpose == PhotoPurpose.Defect && p.Size == image.Size)
            .ToListAsync(cancellationToken);
        if (same.Count == 0)
        {
            return null;
        }

        var bytes = image.Content?.Image ?? await File.ReadAllBytesAsync(photos.FullPath(image.FilePath), cancellationToken);
        foreach (var earlier in same)
        {
            if (await photos.ReadAsync(db, earlier, thumbnail: false, cancellationToken) is { } stored && stored.AsSpan().SequenceEqual(bytes))
            {
                return earlier.Id;
            }
        }

        return null;
    }
}
