using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Zones;

public static class ZoneRatingEndpoints
{
    public static IEndpointRouteBuilder MapZoneRatingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/zones").WithTags("Zones").RequireAuthorization(Policies.Auditors);
        group.MapGet("/ratings", ZoneRatingsEndpoint.Handle)
            .ProducesValidationProblem()
            .WithName("ZoneRatings")
            .WithSummary("Stars, score and score components for a month (default: the current month, rated so far) of every zone the caller answers for: all for the safety office, their units' for supervisors.");
        group.MapGet("/{key}/ratings", ZoneRatingHistoryEndpoint.Handle)
            .Produces(StatusCodes.Status404NotFound)
            .WithName("ZoneRatingHistory")
            .WithSummary("A zone's stored monthly ratings, oldest first; 404 for a zone outside the caller's units.");
        return app;
    }
}
