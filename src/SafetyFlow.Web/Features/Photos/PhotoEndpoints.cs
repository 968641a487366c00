using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Photos;

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

public static class PhotoEndpoints
{
    public static IEndpointRouteBuilder MapPhotoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/photos/{id:guid}", Get).RequireAuthorization().WithTags("Photos").WithName("GetPhoto").ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<PhysicalFileHttpResult, NotFound>> Get(
        Guid id,
        bool? thumb,
        HttpContext context,
        SafetyFlowDbContext db,
        ViewerFactory viewers,
        PhotoAccess access,
        PhotoStore store,
        CancellationToken cancellationToken)
    {
        var photo = await db.Photos.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (photo is null || !await access.MaySeeAsync(photo, await viewers.ForAsync(context.User, cancellationToken), cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var path = store.FullPath(thumb == true ? photo.ThumbnailPath : photo.FilePath);
        if (!File.Exists(path))
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "private, max-age=86400";
        return TypedResults.PhysicalFile(path, photo.ContentType);
    }
}
