using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>How a minimal API endpoint answers a <see cref="Result{T}"/>: the value as the endpoint shapes it, a failure as problem details.</summary>
internal static class ResultHttp
{
    /// <summary>
    /// The value through <paramref name="ok"/>, or the failure as its problem document. The endpoint declares which
    /// failures it can answer (<c>.ProducesValidationProblem()</c>, <c>.ProducesProblem(404)</c>) for the OpenAPI document.
    /// </summary>
    public static Results<TOk, FailureHttpResult> ToHttp<T, TOk>(this Result<T> result, Func<T, TOk> ok)
        where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(ok);
        if (result.Succeeded)
        {
            return ok(result.Value);
        }

        return new FailureHttpResult(result.Failure);
    }
}

/// <summary>
/// A failure as the API answers it: 400 with the errors by field path, 401, 404, 403, 409, 422 or 503, each as problem details
/// (an empty 404 gets its problem body from the status code pages).
/// </summary>
internal sealed class FailureHttpResult(Failure failure) : IResult, IStatusCodeHttpResult
{
    public Failure Failure { get; } = failure;

    public int? StatusCode => Inner.StatusCode;

    private IStatusCodeHttpResult Inner => Failure switch
    {
        Failure.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: invalid.Title),
        Failure.Unauthenticated refused => TypedResults.Problem(refused.Detail, statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed"),
        Failure.NotFound => TypedResults.NotFound(),
        Failure.Forbidden forbidden => TypedResults.Problem(forbidden.Detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed"),
        Failure.Conflict conflict => TypedResults.Problem(conflict.Detail, statusCode: StatusCodes.Status409Conflict, title: conflict.Title),
        Failure.Unprocessable unprocessable => TypedResults.Problem(unprocessable.Detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: unprocessable.Title),
        Failure.Unavailable unavailable => TypedResults.Problem(unavailable.Detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: unavailable.Title),
        _ => throw new InvalidOperationException($"No HTTP answer for {Failure.GetType().Name}."),
    };

    public Task ExecuteAsync(HttpContext httpContext) => ((IResult)Inner).ExecuteAsync(httpContext);
}

/// <summary>How a Razor page handler answers a failure: errors at their fields on a form it re-renders, a status otherwise.</summary>
internal static class ResultPages
{
    /// <summary>Puts each error at its field path in <paramref name="modelState"/>, so the re-rendered form shows it there.</summary>
    public static void AddTo(this Failure.Invalid invalid, ModelStateDictionary modelState)
    {
        ArgumentNullException.ThrowIfNull(invalid);
        ArgumentNullException.ThrowIfNull(modelState);
        foreach (var (field, messages) in invalid.Errors)
        {
            foreach (var message in messages)
            {
                modelState.AddModelError(field, message);
            }
        }
    }

    /// <summary>
    /// A failure of a handler with no form to show it on (a download): 400 with the errors by field, 404, 403, 409 or
    /// 503, with problem details as the API writes them.
    /// </summary>
    public static IActionResult ToActionResult(this Failure failure) => failure switch
    {
        Failure.Invalid invalid => new BadRequestObjectResult(new HttpValidationProblemDetails(invalid.Errors.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest,
            Title = invalid.Title ?? new HttpValidationProblemDetails().Title,
        }),
        Failure.Unauthenticated refused => Problem(StatusCodes.Status401Unauthorized, "Sign-in failed", refused.Detail),
        Failure.NotFound => new NotFoundResult(),
        Failure.Forbidden forbidden => Problem(StatusCodes.Status403Forbidden, "Not allowed", forbidden.Detail),
        Failure.Conflict conflict => Problem(StatusCodes.Status409Conflict, conflict.Title, conflict.Detail),
        Failure.Unprocessable unprocessable => Problem(StatusCodes.Status422UnprocessableEntity, unprocessable.Title, unprocessable.Detail),
        Failure.Unavailable unavailable => Problem(StatusCodes.Status503ServiceUnavailable, unavailable.Title, unavailable.Detail),
        _ => throw new InvalidOperationException($"No page answer for {failure?.GetType().Name}."),
    };

    private static ObjectResult Problem(int status, string title, string detail) =>
        new(new ProblemDetails { Status = status, Title = title, Detail = detail }) { StatusCode = status };
}
