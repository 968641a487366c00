using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Photos;

/// <summary>
/// Moves an install from the folder store to the database store: at start, a node on the database store copies into the
/// database every photo whose bytes are still only in the photo folder. It runs under the start-up lock, copies in small
/// batches (each its own transaction, so a stop half-way keeps what was copied and the next start goes on), and leaves
/// the files where they are. A photo whose files are missing is logged and left out; it is not found, as before.
/// </summary>
public sealed class CopyPhotosToDatabase(PhotoStore store, ILogger<CopyPhotosToDatabase> logger)
{
    private const int BatchSize = 50;

    public async Task<(int Copied, int Missing)> RunAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (store.Storage != PhotoStorage.Database)
        {
            return (0, 0);
        }

        var waiting = await db.Photos.AsNoTracking()
            .Where(p => p.FilePath != "" && !db.PhotoContents.Any(c => c.PhotoId == p.Id))
            .Select(p => new { p.Id, p.FilePath, p.ThumbnailPath })
            .ToListAsync(cancellationToken);
        var (copied, missing) = (0, 0);
        foreach (var batch in waiting.Chunk(BatchSize))
        {
            foreach (var photo in batch)
            {
                var image = await ReadAsync(photo.FilePath, cancellationToken);
                var thumbnail = await ReadAsync(photo.ThumbnailPath, cancellationToken);
                if (image is null || thumbnail is null)
                {
                    missing++;
                    continue;
                }

                db.PhotoContents.Add(PhotoContent.Of(photo.Id, image, thumbnail));
                copied++;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        if (copied > 0 || missing > 0)
        {
            logger.LogInformation("Photos copied from {Folder} into the database: {Copied}; with files missing, left out: {Missing}", store.Folder, copied, missing);
        }

        return (copied, missing);
    }

    private async Task<byte[]?> ReadAsync(string relativePath, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(store.FullPath(relativePath), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
