using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Photos;

public static class PhotoEndpoints
{
    public static IEndpointRouteBuilder MapPhotoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/photos/{id:guid}", Get).RequireAuthorization().WithTags("Photos").WithName("GetPhoto").ExcludeFromDescription();
        return app;
    }

    /// <summary>The endpoint over <see cref="GetPhoto"/>; the browser may keep a photo a day, for this person only.</summary>
    private static async Task<Results<FileContentHttpResult, FailureHttpResult>> Get(
        Guid id, bool? thumb, ClaimsPrincipal user, HttpResponse response, ViewerFactory viewers, GetPhoto photos, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(user, cancellationToken);
        var result = await photos.HandleAsync(new GetPhotoRequest(id, thumb == true, viewer), cancellationToken);
        return result.ToHttp(file =>
        {
            response.Headers.CacheControl = "private, max-age=86400";
            return TypedResults.File(file.Content, file.ContentType, lastModified: file.LastModified);
        });
    }
}
