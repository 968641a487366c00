using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.People;

/// <summary>The endpoints over <see cref="AddPerson"/>, <see cref="EditPerson"/>, <see cref="DeactivatePerson"/> and <see cref="ActivatePerson"/>.</summary>
internal static class PersonActivationEndpoints
{
    public static async Task<Results<Ok<PersonStatus>, FailureHttpResult>> Deactivate(
        string userName, ClaimsPrincipal user, DeactivatePerson deactivate, CancellationToken cancellationToken) =>
        (await deactivate.HandleAsync(new DeactivatePersonRequest(userName, ActingUserId(user)), cancellationToken)).ToHttp(status => TypedResults.Ok(status));

    public static async Task<Results<Ok<PersonStatus>, FailureHttpResult>> Activate(
        string userName, ActivatePerson activate, CancellationToken cancellationToken) =>
        (await activate.HandleAsync(new ActivatePersonRequest(userName), cancellationToken)).ToHttp(status => TypedResults.Ok(status));

    public static async Task<Results<Created<PersonView>, FailureHttpResult>> Add(AddPersonRequest request, AddPerson add, CancellationToken cancellationToken) =>
        (await add.HandleAsync(request, cancellationToken)).ToHttp(person => TypedResults.Created($"/api/people/{person.UserName}", person));

    public static async Task<Results<Ok<PersonView>, FailureHttpResult>> Edit(
        string userName, PersonFields fields, ClaimsPrincipal user, EditPerson edit, CancellationToken cancellationToken) =>
        (await edit.HandleAsync(
            new EditPersonRequest(userName, fields.DisplayName, fields.Email, fields.Phone, fields.Unit, fields.Roles, fields.Language, ActingUserId(user)),
            cancellationToken)).ToHttp(person => TypedResults.Ok(person));

    public static Guid ActingUserId(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(TokenClaims.Subject)!);
}

/// <summary>The body of <c>PUT /api/people/{userName}</c>: everything about a person but their user name.</summary>
public sealed record PersonFields(string? DisplayName, string? Email, string? Phone, string? Unit, IReadOnlyList<string>? Roles, string? Language);

public static class PeopleEndpoints
{
    public static IEndpointRouteBuilder MapPeopleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/people").WithTags("People").RequireAuthorization(Policies.Admin);
        group.MapPost("/", PersonActivationEndpoints.Add)
            .WithName("AddPerson")
            .WithSummary("Adds a person with an initial password; every refusal of the form at once, at its field.")
            .ProducesValidationProblem();
        group.MapPut("/{userName}", PersonActivationEndpoints.Edit)
            .WithName("EditPerson")
            .WithSummary("Changes a person's name, email, phone, unit, roles and saved language; the user name stays.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
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
