using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Photos;

/// <summary>One photo, or its thumbnail, as the viewer asks for it.</summary>
public sealed record GetPhotoRequest(Guid PhotoId, bool Thumbnail, Viewer Viewer);

/// <summary>A stored photo's bytes, what they hold and when they were taken in.</summary>
#pragma warning disable CA1819 // The bytes as read, handed to the response whole.
public sealed record PhotoFile(byte[] Content, string ContentType, DateTimeOffset LastModified);
#pragma warning restore CA1819

/// <summary>Who may see a photo: whoever may see its inspection, or a finding it belongs to.</summary>
public sealed class PhotoAccess(SafetyFlowDbContext db, FindingReader findings)
{
    public async Task<bool> MaySeeAsync(Photo photo, Viewer viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(photo);
        if (photo.FindingId is { } findingId)
        {
            return await findings.Visible(viewer).AnyAsync(f => f.Id == findingId, cancellationToken);
        }

        var inspections = ReadInspections.Visible(db.Inspections.AsNoTracking(), viewer, mineOnly: false);
        if (await inspections.AnyAsync(i => i.Id == photo.InspectionId, cancellationToken))
        {
            return true;
        }

        // The owner of a finding raised from this answer sees the defect it shows.
        return await findings.Visible(viewer)
            .AnyAsync(f => f.InspectionId == photo.InspectionId && f.AssetId == photo.AssetId && f.ItemId == photo.ItemId, cancellationToken);
    }
}

/// <summary>
/// The file of a photo the viewer may see. A photo the viewer may not see is not found, the same as one that does not
/// exist, so its id tells nothing about the finding or inspection it belongs to.
/// </summary>
public sealed class GetPhoto(SafetyFlowDbContext db, PhotoAccess access, PhotoStore store)
{
    public async Task<Result<PhotoFile>> HandleAsync(GetPhotoRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var photo = await db.Photos.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.PhotoId, cancellationToken);
        if (photo is null || !await access.MaySeeAsync(photo, request.Viewer, cancellationToken))
        {
            return new Failure.NotFound();
        }

        var content = await store.ReadAsync(db, photo, request.Thumbnail, cancellationToken);
        return content is null ? new Failure.NotFound() : new PhotoFile(content, photo.ContentType, photo.UploadedAt);
    }
}
