using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>Turns refusals and unreadable requests into problem details; only a real fault is a 500.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ForbiddenActionException e => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Not allowed", Detail = e.Message },
            DomainException e => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Not allowed in the current state", Detail = e.Message },
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The record changed meanwhile",
                Detail = "Someone else changed this record at the same time. Reload it and try again.",
            },
            BadHttpRequestException e => Unreadable(e),
            _ => null,
        };

        if (problem is null)
        {
            return false;
        }

        if (problem.Status == StatusCodes.Status409Conflict && exception is DbUpdateConcurrencyException)
        {
            logger.LogInformation("Lost an update race on {Path}", httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static HttpValidationProblemDetails Unreadable(BadHttpRequestException exception)
    {
        var errors = new Dictionary<string, string[]>();
        if (exception.InnerException is JsonException json)
        {
            var path = JsonPath(json.Path);
            errors[path.Length == 0 ? "body" : path] = [$"The value could not be read: {FirstSentence(json.Message)}"];
        }
        else
        {
            errors["body"] = [exception.Message];
        }

        return new HttpValidationProblemDetails(errors)
        {
            Status = exception.StatusCode == StatusCodes.Status413PayloadTooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
            Title = "The request body is not valid",
        };
    }

    /// <summary>Turns <c>$.results[3].value</c> into <c>results[3].value</c>.</summary>
    internal static string JsonPath(string? path) => (path ?? "$").TrimStart('$').TrimStart('.');

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
