using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Auth;

public sealed record IssueTokenRequest(string? UserName, string? Password);

public sealed record IssueTokenResponse(string AccessToken, int ExpiresIn, string TokenType = "Bearer");

internal sealed class IssueTokenValidator : AbstractValidator<IssueTokenRequest>
{
    public IssueTokenValidator()
    {
        RuleFor(r => r.UserName).NotEmpty().MaximumLength(256);
        RuleFor(r => r.Password).NotEmpty().MaximumLength(256);
    }
}

/// <summary>Exchanges a user name and password for a bearer token; any refusal reads the same (<see cref="SignInCheck"/>).</summary>
public sealed class IssueToken(IValidator<IssueTokenRequest> validator, SignInCheck check, UserManager<AppUser> users, TokenIssuer tokens)
{
    public async Task<Result<IssueTokenResponse>> HandleAsync(IssueTokenRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var user = await check.CheckAsync(request.UserName!, request.Password!);
        if (user is null)
        {
            return new Failure.Unauthenticated(SignInCheck.Refusal);
        }

        var (token, expiresIn) = tokens.Issue(user, await users.GetRolesAsync(user));
        return new IssueTokenResponse(token, expiresIn);
    }
}

/// <summary>The endpoint over <see cref="IssueToken"/>.</summary>
internal static class IssueTokenEndpoint
{
    public static async Task<Results<Ok<IssueTokenResponse>, FailureHttpResult>> Handle(
        IssueTokenRequest request, IssueToken issue, CancellationToken cancellationToken) =>
        (await issue.HandleAsync(request, cancellationToken)).ToHttp(response => TypedResults.Ok(response));
}

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Sign-in").AllowAnonymous();
        group.MapPost("/token", IssueTokenEndpoint.Handle)
            .WithMetadata(new SignInAttemptAttribute())
            .WithName("IssueToken")
            .WithSummary("Exchanges a user name and password for a bearer token.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }
}
