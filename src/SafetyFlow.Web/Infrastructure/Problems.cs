using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>Turns refusals and unreadable requests into problem details; only a real fault is a 500.</summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ForbiddenActionException e => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Not allowed", Detail = e.Message },
            DomainException e => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Not allowed in the current state", Detail = e.Message },
            DbUpdateException e when e.IsConflict() => ChangedMeanwhile(),
            BadHttpRequestException e => Unreadable(e, httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint()),

            // During an upgrade one node at a time: a node with newer files answers the same request.
            Runtime.WorkflowVersionUnavailableException e => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "Not available on this node", Detail = e.Message },
            _ => null,
        };

        if (problem is null)
        {
            return false;
        }

        if (exception is DbUpdateException)
        {
            logger.LogInformation("Lost an update race on {Path}", httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>A save that lost a race: a concurrency check failed or another request stored the same key first.</summary>
    public static ProblemDetails ChangedMeanwhile() => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "The record changed meanwhile",
        Detail = "Someone else changed this record at the same time. Reload it and try again.",
    };

    private static HttpValidationProblemDetails Unreadable(BadHttpRequestException exception, Endpoint? endpoint)
    {
        var errors = new Dictionary<string, string[]>();
        if (exception.InnerException is JsonException json)
        {
            var path = JsonPath(json.Path);
            errors[path.Length == 0 ? "body" : path] = [JsonProblem(json, endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType)];
        }
        else if (BindFailure().Match(exception.Message) is { Success: true } bind)
        {
            errors[bind.Groups["name"].Value] = [$"'{Shorten(bind.Groups["value"].Value)}' is not {RequestShapes.DescribeParameter(bind.Groups["type"].Value)}."];
        }
        else if (MissingParameter().Match(exception.Message) is { Success: true } missing)
        {
            var body = missing.Groups["source"].Value == "body";
            errors[body ? "body" : missing.Groups["name"].Value] = [body ? "A JSON body is required." : "Required."];
        }
        else if (exception.Message.Contains("no body was provided", StringComparison.Ordinal))
        {
            errors["body"] = ["A JSON body is required."];
        }
        else
        {
            errors["body"] = [WithoutTypeNames(exception.Message, "The request could not be read.")];
        }

        return new HttpValidationProblemDetails(errors)
        {
            Status = exception.StatusCode is >= 400 and < 500 ? exception.StatusCode : StatusCodes.Status400BadRequest,
            Title = "The request is not valid",
        };
    }

    /// <summary>A value of the wrong JSON type names what the field takes; broken JSON says where it broke.</summary>
    private static string JsonProblem(JsonException json, Type? requestType)
    {
        if (json.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            var expected = RequestShapes.Expected(requestType, json.Path);
            return expected is null ? "The value has the wrong JSON type for this field." : $"Must be {expected}.";
        }

        return WithoutTypeNames($"The body is not valid JSON: {FirstSentence(json.Message)}", "The body is not valid JSON.");
    }

    /// <summary>Turns <c>$.results[3].value</c> into <c>results[3].value</c>.</summary>
    internal static string JsonPath(string? path) => (path ?? "$").TrimStart('$').TrimStart('.');

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    /// <summary>Client developers read field names and JSON types, not the server's class names.</summary>
    private static string WithoutTypeNames(string message, string fallback) =>
        TypeName().IsMatch(message) ? fallback : message;

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("^Required parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\" was not provided from (?<source>[^.]+)\\.$")]
    private static partial Regex MissingParameter();

    [GeneratedRegex(@"System\.|SafetyFlow\.|`\d|Microsoft\.")]
    private static partial Regex TypeName();
}
