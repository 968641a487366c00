using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Features.Rounds;

/// <summary>The ISO week whose inspections to create, such as <c>2026-W48</c>.</summary>
public sealed record StartRoundRequest(string? Week);

public sealed record StartRoundResponse(int Created, int Existing);

internal sealed class StartRoundValidator : AbstractValidator<StartRoundRequest>
{
    public StartRoundValidator()
    {
        RuleFor(r => r.Week).NotEmpty().Must(WorkCalendar.IsWeek).WithMessage(WorkCalendar.WeekHint);
    }
}

/// <summary>
/// Creates a week's inspections: one per zone and inspection workflow that has assets of its type in the zone. Calling it
/// again for the same week creates nothing new, so the safety office, the weekly job and the simulation clock may all call it.
/// </summary>
public sealed class StartRound(IValidator<StartRoundRequest> validator, RoundPlanner planner)
{
    public async Task<Result<StartRoundResponse>> HandleAsync(StartRoundRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var result = await planner.CreateAsync(request.Week!, cancellationToken);
        return new StartRoundResponse(result.Created, result.Existing);
    }
}

/// <summary>The endpoint over <see cref="StartRound"/>.</summary>
internal static class StartRoundEndpoint
{
    public static async Task<Results<Ok<StartRoundResponse>, FailureHttpResult>> Handle(StartRoundRequest request, StartRound round, CancellationToken cancellationToken)
    {
        var result = await round.HandleAsync(request, cancellationToken);
        return result.ToHttp(response => TypedResults.Ok(response));
    }
}

public static class RoundEndpoints
{
    public static IEndpointRouteBuilder MapRoundEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/rounds").WithTags("Inspections").RequireAuthorization(Policies.SafetyOfficeOrAdmin)
            .MapPost("/", StartRoundEndpoint.Handle)
            .Validate<StartRoundRequest>()
            .WithName("StartRound")
            .WithSummary("Creates the week's inspections; calling it again creates nothing new.");
        return app;
    }
}
