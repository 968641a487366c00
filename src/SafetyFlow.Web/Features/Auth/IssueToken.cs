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

internal static class IssueToken
{
    public static async Task<Results<Ok<IssueTokenResponse>, ProblemHttpResult>> Handle(
        IssueTokenRequest request,
        UserManager<AppUser> users,
        SignInManager<AppUser> signIn,
        TokenIssuer tokens)
    {
        var user = await users.FindByNameAsync(request.UserName!);
        var check = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign-in failed",
                detail: check.IsLockedOut ? "Too many failed attempts; try again later." : "The user name or password is wrong.");
        }

        var (token, expiresIn) = tokens.Issue(user!, await users.GetRolesAsync(user!));
        return TypedResults.Ok(new IssueTokenResponse(token, expiresIn));
    }
}

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Sign-in").AllowAnonymous();
        group.MapPost("/token", IssueToken.Handle)
            .Validate<IssueTokenRequest>()
            .WithName("IssueToken")
            .WithSummary("Exchanges a user name and password for a bearer token.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }
}
