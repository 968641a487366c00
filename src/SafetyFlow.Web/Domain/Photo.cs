namespace SafetyFlow.Web.Domain;

/// <summary>
/// A photo taken as evidence: of a defect, attached to one checklist answer (inspection, asset, item), or of a fix,
/// attached to one fix submission of a finding. The image itself lives where <c>SafetyFlow:Photos:Store</c> says: as
/// files in the photo folder (<see cref="FilePath"/>, <see cref="ThumbnailPath"/>), or in the database (<see cref="Content"/>).
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

    /// <summary>Path of the stored image, relative to the photo folder; empty for a photo stored in the database.</summary>
    public string FilePath { get; private init; } = "";

    /// <summary>Path of the thumbnail, relative to the photo folder; empty for a photo stored in the database.</summary>
    public string ThumbnailPath { get; private init; } = "";

    public Guid UploadedById { get; private init; }

    public DateTimeOffset UploadedAt { get; private init; }

    /// <summary>The image's bytes where photos are stored in the database; loaded only when asked for.</summary>
    public PhotoContent? Content { get; private init; }

    public static Photo OfDefect(Guid inspectionId, Guid? assetId, string itemId, StoredImage image, Guid uploadedById, DateTimeOffset now)
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
            Content = image.Content,
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
            Content = image.Content,
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

/// <summary>
/// A checked and re-encoded image, not yet recorded: written to the photo folder (its paths), or held as the
/// <see cref="Content"/> that is saved with its <see cref="Photo"/> row in one transaction.
/// </summary>
public sealed record StoredImage(Guid Id, string ContentType, long Size, string FilePath, string ThumbnailPath, PhotoContent? Content = null);

/// <summary>
/// The bytes of one photo and its thumbnail, in a table of their own beside <see cref="Photo"/>, so that reading photo
/// rows never reads images and every node on one database serves the same photos.
/// </summary>
public sealed class PhotoContent
{
    private PhotoContent()
    {
    }

    public Guid PhotoId { get; private init; }

#pragma warning disable CA1819 // A column's bytes, read and written whole.
    public byte[] Image { get; private init; } = [];

    public byte[] Thumbnail { get; private init; } = [];
#pragma warning restore CA1819

    public static PhotoContent Of(Guid photoId, byte[] image, byte[] thumbnail) => new() { PhotoId = photoId, Image = image, Thumbnail = thumbnail };
}
