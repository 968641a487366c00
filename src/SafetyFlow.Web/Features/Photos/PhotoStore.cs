using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SkiaSharp;

namespace SafetyFlow.Web.Features.Photos;

/// <summary>Why an upload was refused, as a text key the page shows in the reader's language.</summary>
public sealed class PhotoRefusedException(string textKey, string message) : Exception(message)
{
    public string TextKey { get; } = textKey;
}

/// <summary>
/// Checks an uploaded photo (size, JPEG or PNG signature, decodable image) and keeps a re-encoded copy and a thumbnail
/// where <c>SafetyFlow:Photos:Store</c> says: written to the photo folder at once, or handed back as the
/// <see cref="PhotoContent"/> that the use case saves with the photo's row. Re-encoding drops whatever else the file
/// carried, such as location metadata or appended data. Both stores run the same checks and keep the same bytes.
/// </summary>
public sealed class PhotoStore(IOptions<PhotoOptions> options, IWebHostEnvironment environment)
{
    private const int LongestSide = 1600;
    private const int ThumbnailSide = 320;
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47];

    public string Folder { get; } = System.IO.Path.GetFullPath(options.Value.Path, environment.ContentRootPath);

    public long MaxBytes => options.Value.MaxBytes;

    public PhotoStorage Storage => options.Value.Store;

    /// <summary>Reads, checks and writes one upload; throws <see cref="PhotoRefusedException"/> for anything but a sound JPEG or PNG.</summary>
    public async Task<StoredImage> SaveAsync(IFormFile file, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length == 0)
        {
            throw new PhotoRefusedException("photo.empty", "The photo file is empty.");
        }

        if (file.Length > MaxBytes)
        {
            throw new PhotoRefusedException("photo.tooLarge", $"The photo is larger than {MaxBytes} bytes.");
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        if (!bytes.AsSpan().StartsWith(JpegSignature) && !bytes.AsSpan().StartsWith(PngSignature))
        {
            throw new PhotoRefusedException("photo.notImage", "Only JPEG or PNG photos are accepted.");
        }

        using var decoded = Decode(bytes);
        var id = Guid.CreateVersion7();
        var image = Encode(decoded, LongestSide, 85);
        var thumbnail = Encode(decoded, ThumbnailSide, 75);
        if (Storage == PhotoStorage.Database)
        {
            return new StoredImage(id, "image/jpeg", image.Length, "", "", PhotoContent.Of(id, image, thumbnail));
        }

        var relativeFolder = System.IO.Path.Combine(now.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture), now.ToString("MM", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(System.IO.Path.Combine(Folder, relativeFolder));
        var stored = new StoredImage(id, "image/jpeg", image.Length, System.IO.Path.Combine(relativeFolder, $"{id:N}.jpg"), System.IO.Path.Combine(relativeFolder, $"{id:N}.thumb.jpg"));
        try
        {
            await File.WriteAllBytesAsync(FullPath(stored.FilePath), image, cancellationToken);
            await File.WriteAllBytesAsync(FullPath(stored.ThumbnailPath), thumbnail, cancellationToken);
        }
        catch
        {
            // No image without its thumbnail, and nothing for a row that will not be written.
            Discard([stored]);
            throw;
        }

        return stored;
    }

    /// <summary>
    /// The stored image or thumbnail of a photo row, or null where its bytes are not found: on the database store from
    /// its <see cref="PhotoContent"/> row, on the folder store from the files the row names.
    /// </summary>
    public async Task<byte[]?> ReadAsync(SafetyFlowDbContext db, Photo photo, bool thumbnail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(photo);
        if (Storage == PhotoStorage.Database)
        {
            var contents = db.PhotoContents.AsNoTracking().Where(c => c.PhotoId == photo.Id);
            return thumbnail
                ? await contents.Select(c => c.Thumbnail).SingleOrDefaultAsync(cancellationToken)
                : await contents.Select(c => c.Image).SingleOrDefaultAsync(cancellationToken);
        }

        var relative = thumbnail ? photo.ThumbnailPath : photo.FilePath;
        if (relative.Length == 0)
        {
            return null;
        }

        try
        {
            return await File.ReadAllBytesAsync(FullPath(relative), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The thumbnails of the photos, by id, read together: one query on the database store, the files on the folder
    /// store. A photo whose thumbnail is not found is left out.
    /// </summary>
    public async Task<Dictionary<Guid, byte[]>> ThumbnailsAsync(SafetyFlowDbContext db, IReadOnlyCollection<Guid> photoIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(photoIds);
        if (photoIds.Count == 0)
        {
            return new Dictionary<Guid, byte[]>();
        }

        var ids = photoIds.Distinct().ToList();
        if (Storage == PhotoStorage.Database)
        {
            return await db.PhotoContents.AsNoTracking()
                .Where(c => ids.Contains(c.PhotoId))
                .Select(c => new { c.PhotoId, c.Thumbnail })
                .ToDictionaryAsync(c => c.PhotoId, c => c.Thumbnail, cancellationToken);
        }

        var paths = await db.Photos.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.ThumbnailPath }).ToListAsync(cancellationToken);
        var thumbnails = new Dictionary<Guid, byte[]>();
        foreach (var photo in paths.Where(p => p.ThumbnailPath.Length > 0))
        {
            try
            {
                thumbnails[photo.Id] = await File.ReadAllBytesAsync(FullPath(photo.ThumbnailPath), cancellationToken);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Left out, as a photo whose file is gone is not found on its page either.
            }
        }

        return thumbnails;
    }

    /// <summary>
    /// Decodes no more pixels than the largest copy kept needs. The header's dimensions are read first, so a small file
    /// that claims a huge image (a decompression bomb) is refused before any pixel is decoded; JPEGs, which phones send,
    /// are decoded straight at a reduced scale.
    /// </summary>
    private SKBitmap Decode(byte[] bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw new PhotoRefusedException("photo.unreadable", "The photo could not be read as an image.");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || (long)width * height > options.Value.MaxPixels)
        {
            throw new PhotoRefusedException("photo.tooManyPixels", $"The photo has more than {options.Value.MaxPixels} pixels.");
        }

        var longest = Math.Max(width, height);
        var scaled = codec.GetScaledDimensions(Math.Min(1f, (float)LongestSide / longest));
        if (Math.Max(scaled.Width, scaled.Height) < Math.Min(longest, LongestSide))
        {
            // The codec offers only some scales; never decode below the size kept.
            scaled = codec.Info.Size;
        }

        return SKBitmap.Decode(codec, codec.Info.WithSize(scaled))
            ?? throw new PhotoRefusedException("photo.unreadable", "The photo could not be read as an image.");
    }

    /// <summary>Removes files written for a record that was not saved after all; bytes held for the database need nothing.</summary>
    public void Discard(IEnumerable<StoredImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        foreach (var path in images.SelectMany(i => new[] { i.FilePath, i.ThumbnailPath }).Where(p => p.Length > 0))
        {
            File.Delete(FullPath(path));
        }
    }

    public string FullPath(string relativePath)
    {
        var full = System.IO.Path.GetFullPath(relativePath, Folder);
        return full.StartsWith(Folder, StringComparison.Ordinal) ? full : throw new InvalidOperationException("A photo path left the photo folder.");
    }

    private static byte[] Encode(SKBitmap source, int longestSide, int quality)
    {
        var scale = Math.Min(1.0, (double)longestSide / Math.Max(source.Width, source.Height));
        var info = new SKImageInfo(Math.Max(1, (int)(source.Width * scale)), Math.Max(1, (int)(source.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        surface.Canvas.Clear(SKColors.White);
        using (var image = SKImage.FromBitmap(source))
        {
            surface.Canvas.DrawImage(image, new SKRect(0, 0, info.Width, info.Height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }

        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }
}
