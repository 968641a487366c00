using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.UnitTests.Infrastructure;

/// <summary>What a client of the API and of a page gets for each failure a use case can answer.</summary>
public sealed class ResultTranslationsTests
{
    public static TheoryData<Failure, int, string?> Failures => new()
    {
        { new Failure.Invalid(new Dictionary<string, string[]> { ["groupBy"] = ["Use one of zone, unit."] }), 400, "One or more validation errors occurred." },
        { new Failure.NotFound(), 404, null },
        { new Failure.Forbidden("Nobody accepts a fix they submitted."), 403, "Not allowed" },
        { new Failure.Conflict("Not allowed in the current state", "The finding is closed."), 409, "Not allowed in the current state" },
        { new Failure.Unavailable("Report font missing", "No font at SafetyFlow:Reports:CjkFont."), 503, "Report font missing" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task An_endpoint_answers_each_failure_with_its_status_and_problem_title(Failure failure, int status, string? title)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddOptions().BuildServiceProvider() };
        using var body = new MemoryStream();
        context.Response.Body = body;

        Result<int> result = failure;
        await ((IResult)result.ToHttp(value => TypedResults.Ok(value)).Result).ExecuteAsync(context);

        Assert.Equal(status, context.Response.StatusCode);
        if (title is not null)
        {
            var problem = JsonDocument.Parse(body.ToArray()).RootElement;
            Assert.Equal(title, problem.GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task An_endpoint_answers_a_value_through_the_endpoints_own_shape()
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddOptions().BuildServiceProvider() };
        using var body = new MemoryStream();
        context.Response.Body = body;

        Result<int> result = 42;
        await ((IResult)result.ToHttp(value => TypedResults.Ok(value)).Result).ExecuteAsync(context);

        Assert.Equal((200, "42"), (context.Response.StatusCode, System.Text.Encoding.UTF8.GetString(body.ToArray())));
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_page_download_answers_each_failure_with_its_status(Failure failure, int status, string? title)
    {
        var answer = failure.ToActionResult();

        Assert.Equal(status, ((IStatusCodeActionResult)answer).StatusCode);
        Assert.Equal(title, (answer as ObjectResult)?.Value is ProblemDetails problem ? problem.Title : null);
    }

    [Fact]
    public void A_page_shows_each_validation_error_at_its_field()
    {
        var modelState = new Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary();
        var invalid = new Failure.Invalid(new Dictionary<string, string[]> { ["from"] = ["Use a date."], ["to"] = ["Must be after 'from'."] });

        invalid.AddTo(modelState);

        Assert.Equal("Use a date.", Assert.Single(modelState["from"]!.Errors).ErrorMessage);
        Assert.Equal("Must be after 'from'.", Assert.Single(modelState["to"]!.Errors).ErrorMessage);
        Assert.Equal("from: Use a date. to: Must be after 'from'.", invalid.Summary);
    }
}
