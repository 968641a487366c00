using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.People;

/// <summary>The endpoints over <see cref="DeactivatePerson"/> and <see cref="ActivatePerson"/>.</summary>
internal static class PersonActivationEndpoints
{
    public static async Task<Results<Ok<PersonStatus>, FailureHttpResult>> Deactivate(
        string userName, ClaimsPrincipal user, DeactivatePerson deactivate, CancellationToken cancellationToken) =>
        (await deactivate.HandleAsync(new DeactivatePersonRequest(userName, ActingUserId(user)), cancellationToken)).ToHttp(status => TypedResults.Ok(status));

    public static async Task<Results<Ok<PersonStatus>, FailureHttpResult>> Activate(
        string userName, ActivatePerson activate, CancellationToken cancellationToken) =>
        (await activate.HandleAsync(new ActivatePersonRequest(userName), cancellationToken)).ToHttp(status => TypedResults.Ok(status));

    public static Guid ActingUserId(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(TokenClaims.Subject)!);
}

public static class PeopleEndpoints
{
    public static IEndpointRouteBuilder MapPeopleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/people").WithTags("People").RequireAuthorization(Policies.Admin);
        group.MapPost("/{userName}/deactivate", PersonActivationEndpoints.Deactivate)
            .WithName("DeactivatePerson")
            .WithSummary("Stops a person signing in; their cookies and bearer tokens are refused from the next request.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{userName}/activate", PersonActivationEndpoints.Activate)
            .WithName("ActivatePerson")
            .WithSummary("Lets a deactivated person sign in again.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
