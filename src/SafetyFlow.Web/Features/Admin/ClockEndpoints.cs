using System.Xml;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Delivery;
using SafetyFlow.Web.Features.Rounds;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Features.Admin;

public sealed record ClockView(DateTimeOffset Now, string Mode);

public sealed record AdvanceClockRequest(string? AdvanceBy);

public sealed record AdvanceClockResponse(DateTimeOffset Now, int StepsFired);

internal sealed class AdvanceClockValidator : AbstractValidator<AdvanceClockRequest>
{
    public AdvanceClockValidator()
    {
        RuleFor(r => r.AdvanceBy)
            .NotEmpty()
            .Must(value => TryParse(value!, out var span) && span > TimeSpan.Zero && span <= TimeSpan.FromDays(366))
            .WithMessage("Use a positive ISO 8601 duration of at most a year, such as P2D or PT6H.");
    }

    public static bool TryParse(string value, out TimeSpan span)
    {
        try
        {
            span = XmlConvert.ToTimeSpan(value);
            return true;
        }
        catch (FormatException)
        {
            span = default;
            return false;
        }
        catch (OverflowException)
        {
            span = default;
            return false;
        }
    }
}

/// <summary>
/// Moves the simulation clock and runs every timer that has come due before answering: the round of a week the clock
/// enters, the ladder steps that fell due, and the messages they send. Work that a sweep or drain elsewhere holds is
/// waited for, and taken over if its claim runs out, so what is due has been done when the answer comes.
/// </summary>
public sealed class AdvanceClock(
    IValidator<AdvanceClockRequest> validator,
    ManualClock manual,
    SafetyFlowDbContext db,
    EscalationSweep sweep,
    OutboxDrain drain,
    StartRound rounds,
    WorkCalendar calendar)
{
    public async Task<Result<AdvanceClockResponse>> HandleAsync(AdvanceClockRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var by = XmlConvert.ToTimeSpan(request.AdvanceBy!);
        var (before, now) = await manual.AdvanceAsync(by, db, cancellationToken);
        if (calendar.WeekOf(before) != calendar.WeekOf(now))
        {
            // The weekly round's cron follows real time; in a simulation the round starts as the clock enters the week.
            // A week past the years SafetyFlow takes has no round, and the clock has moved all the same.
            await rounds.HandleAsync(new StartRoundRequest(calendar.WeekOf(now)), cancellationToken);
        }

        var fired = await sweep.RunAllDueAsync(cancellationToken);

        // Messages of the steps just fired, and retries that came due, go out before the answer too.
        await drain.RunAllDueAsync(cancellationToken);
        return new AdvanceClockResponse(now, fired);
    }
}

/// <summary>The endpoints over the simulation clock and <see cref="AdvanceClock"/>.</summary>
internal static class SimulationClock
{
    public static Ok<ClockView> Get(ManualClock clock) => TypedResults.Ok(new ClockView(clock.GetUtcNow(), "Manual"));

    public static async Task<Results<Ok<AdvanceClockResponse>, FailureHttpResult>> Advance(AdvanceClockRequest request, AdvanceClock advance, CancellationToken cancellationToken) =>
        (await advance.HandleAsync(request, cancellationToken)).ToHttp(response => TypedResults.Ok(response));
}

/// <summary>Mapped only when <c>SafetyFlow:Clock:Mode</c> is <c>Manual</c>; with the system clock both routes answer 404.</summary>
public static class ClockEndpoints
{
    public static IEndpointRouteBuilder MapClockEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/clock").WithTags("Simulation clock");
        group.MapGet("/", SimulationClock.Get).RequireAuthorization(Policies.Admin).WithName("GetClock").WithSummary("The simulation clock.");
        group.MapPost("/", SimulationClock.Advance).RequireAuthorization(Policies.Admin)
            .Validate<AdvanceClockRequest>()
            .WithName("AdvanceClock")
            .WithSummary("Moves the simulation clock and runs every reminder and escalation that came due.");
        return app;
    }
}
