namespace SafetyFlow.Web.Features.Inspections;

/// <summary>The server's time, as the work is judged by.</summary>
public sealed record ServerTimeView(DateTimeOffset Now);

/// <summary>
/// <c>GET /api/time</c>: the phone asks whenever it is online and keeps the difference to its own clock, so the times
/// it records offline (an arrival, a finished checklist) are on the server's clock even when the phone's is wrong. Open to
/// anyone (the time is no secret, and a phone asks before it knows whether its sign-in still holds); the pages' own
/// route, so it is left out of the API document.
/// </summary>
public static class ServerTime
{
    public static IEndpointRouteBuilder MapServerTime(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/time", (TimeProvider clock) => new ServerTimeView(clock.GetUtcNow()))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
