using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Features.Rounds;

public sealed record StartRoundRequest(string? Week);

public sealed record StartRoundResponse(int Created, int Existing);

internal sealed class StartRoundValidator : AbstractValidator<StartRoundRequest>
{
    public StartRoundValidator()
    {
        RuleFor(r => r.Week).NotEmpty().Must(WorkCalendar.IsWeek).WithMessage(WorkCalendar.WeekHint);
    }
}

internal static class StartRound
{
    public static async Task<Ok<StartRoundResponse>> Handle(StartRoundRequest request, RoundPlanner planner, CancellationToken cancellationToken)
    {
        var result = await planner.CreateAsync(request.Week!, cancellationToken);
        return TypedResults.Ok(new StartRoundResponse(result.Created, result.Existing));
    }
}

public static class RoundEndpoints
{
    public static IEndpointRouteBuilder MapRoundEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/rounds").WithTags("Inspections").RequireAuthorization(Policies.SafetyOfficeOrAdmin)
            .MapPost("/", StartRound.Handle)
            .Validate<StartRoundRequest>()
            .WithName("StartRound")
            .WithSummary("Creates the week's inspections; calling it again creates nothing new.");
        return app;
    }
}
