namespace SafetyFlow.Web.Domain;

/// <summary>
/// A photo taken as evidence: of a defect, attached to one checklist answer (inspection, asset, item), or of a fix,
/// attached to one fix submission of a finding. The image itself lives on disk under the data folder, never in the database.
/// </summary>
public sealed class Photo
{
    private Photo()
    {
    }

    public Guid Id { get; private init; } = Guid.CreateVersion7();

    public PhotoPurpose Purpose { get; private init; }

    /// <summary>For a defect photo: the inspection whose answer it belongs to.</summary>
    public Guid? InspectionId { get; private init; }

    public Guid? AssetId { get; private init; }

    public string? ItemId { get; private init; }

    /// <summary>For a fix photo: the finding it shows fixed.</summary>
    public Guid? FindingId { get; private init; }

    /// <summary>For a fix photo: which fix submission (1 for the first, 2 after one rejection, ...).</summary>
    public int? FixNumber { get; private init; }

    public string ContentType { get; private init; } = "";

    public long Size { get; private init; }

    /// <summary>Path of the stored image, relative to the photo folder.</summary>
    public string FilePath { get; private init; } = "";

    /// <summary>Path of the thumbnail, relative to the photo folder.</summary>
    public string ThumbnailPath { get; private init; } = "";

    public Guid UploadedById { get; private init; }

    public DateTimeOffset UploadedAt { get; private init; }

    public static Photo OfDefect(Guid inspectionId, Guid assetId, string itemId, StoredImage image, Guid uploadedById, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new Photo
        {
            Id = image.Id,
            Purpose = PhotoPurpose.Defect,
            InspectionId = inspectionId,
            AssetId = assetId,
            ItemId = itemId,
            ContentType = image.ContentType,
            Size = image.Size,
            FilePath = image.FilePath,
            ThumbnailPath = image.ThumbnailPath,
            UploadedById = uploadedById,
            UploadedAt = now,
        };
    }

    public static Photo OfFix(Guid findingId, int fixNumber, StoredImage image, Guid uploadedById, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new Photo
        {
            Id = image.Id,
            Purpose = PhotoPurpose.Fix,
            FindingId = findingId,
            FixNumber = fixNumber,
            ContentType = image.ContentType,
            Size = image.Size,
            FilePath = image.FilePath,
            ThumbnailPath = image.ThumbnailPath,
            UploadedById = uploadedById,
            UploadedAt = now,
        };
    }
}

public enum PhotoPurpose
{
    Defect,
    Fix,
}

/// <summary>An image written to the photo folder, not yet recorded.</summary>
public sealed record StoredImage(Guid Id, string ContentType, long Size, string FilePath, string ThumbnailPath);
