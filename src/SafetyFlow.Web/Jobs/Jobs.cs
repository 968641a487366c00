using Hangfire;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Audit;
using SafetyFlow.Web.Features.Delivery;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Features.Rounds;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Jobs;

/// <summary>
/// Hangfire's recurring sweep over due reminders and escalations. Thin: the sweep does the work, and two runs at once
/// (a slow one and the next, or one per node) split the due findings between them. It first takes the simulation
/// clock's stored position, so a move made on another node counts.
/// </summary>
public sealed class EscalationSweepJob(EscalationSweep sweep, ClockFollower clock)
{
    public const string Id = "escalation-sweep";

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await clock.RefreshAsync(cancellationToken);
        await sweep.RunAsync(cancellationToken);
    }
}

/// <summary>
/// Hangfire's weekly job that starts the current week's round through <see cref="StartRound"/>, as <c>POST /api/rounds</c>
/// does; idempotent per zone, workflow and week. A refusal fails the job, so the dashboard shows it and Hangfire retries.
/// </summary>
public sealed class WeeklyRoundJob(StartRound round, WorkCalendar calendar, TimeProvider clock, ILogger<WeeklyRoundJob> logger)
{
    public const string Id = "weekly-round";

    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var week = calendar.WeekOf(clock.GetUtcNow());
        var result = await round.HandleAsync(new StartRoundRequest(week), cancellationToken);
        if (!result.Succeeded)
        {
            var reason = result.Failure is Failure.Invalid invalid ? invalid.Summary : result.Failure.GetType().Name;
            throw new InvalidOperationException($"The round of {week} was not started: {reason}");
        }

        logger.LogInformation("Round {Week}: {Created} inspections created, {Existing} already there", week, result.Value.Created, result.Value.Existing);
    }
}

/// <summary>
/// Hangfire's recurring drain of the outbox into email and webhook deliveries. Runs alongside a drain still at work (a
/// slow one, or one on another node) rather than waiting for it: the two claim different rows, so the next run neither
/// waits nor fails (decision 016). It first takes the simulation clock's stored position, so retries fall due by the
/// time every node shares.
/// </summary>
public sealed class OutboxDrainJob(OutboxDrain drain, ClockFollower clock)
{
    public const string Id = "outbox-drain";

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await clock.RefreshAsync(cancellationToken);
        await drain.RunAsync(cancellationToken);
    }
}

/// <summary>Hangfire's daily digest for supervisors; a second run on the same day writes nothing.</summary>
public sealed class DailyDigestJob(Digests digests)
{
    public const string Id = "digest-daily";

    [AutomaticRetry(Attempts = 3)]
    public Task RunAsync(CancellationToken cancellationToken) => digests.SendDailyAsync(cancellationToken);
}

/// <summary>Hangfire's weekly digest for the safety office; a second run in the same week writes nothing.</summary>
public sealed class WeeklyDigestJob(Digests digests)
{
    public const string Id = "digest-weekly";

    [AutomaticRetry(Attempts = 3)]
    public Task RunAsync(CancellationToken cancellationToken) => digests.SendWeeklyAsync(cancellationToken);
}

/// <summary>Hangfire's monthly job that stores the previous month's zone ratings; a month already stored is left as it is.</summary>
public sealed class ZoneRatingJob(ZoneRater rater, WorkCalendar calendar, TimeProvider clock)
{
    public const string Id = "zone-rating";

    [AutomaticRetry(Attempts = 3)]
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var local = calendar.ToLocal(clock.GetUtcNow());
        var previous = new DateOnly(local.Year, local.Month, 1).AddMonths(-1);
        return rater.StoreAsync(previous, cancellationToken);
    }
}

/// <summary>
/// Hangfire's daily check of the trail, which publishes a signed checkpoint of its head in the log; it also forgets the
/// submits' idempotency keys once they are 30 days old.
/// </summary>
public sealed class TrailCheckpointJob(TrailCheckpointPublisher publisher, SafetyFlowDbContext db, TimeProvider clock)
{
    public const string Id = "trail-checkpoint";

    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await publisher.PublishAsync(cancellationToken);
        await SubmissionKeys.ForgetOldAsync(db, clock.GetUtcNow(), cancellationToken);
    }
}

internal static class RecurringJobs
{
    /// <summary>Registers (or updates) the recurring jobs; every node does this at start, which Hangfire makes idempotent.</summary>
    public static void Register(IServiceProvider services)
    {
        var jobs = services.GetRequiredService<IRecurringJobManager>();
        var options = services.GetRequiredService<IOptions<JobOptions>>().Value;
        var calendar = services.GetRequiredService<WorkCalendar>();
        var recurring = new RecurringJobOptions { TimeZone = calendar.Zone };
        jobs.AddOrUpdate<EscalationSweepJob>(
            EscalationSweepJob.Id,
            job => job.RunAsync(CancellationToken.None),
            SweepCron(options.SweepInterval),
            recurring);
        jobs.AddOrUpdate<WeeklyRoundJob>(
            WeeklyRoundJob.Id,
            job => job.RunAsync(CancellationToken.None),
            options.WeeklyRoundCron,
            recurring);

        var delivery = services.GetRequiredService<IOptions<DeliveryOptions>>().Value;
        var digests = services.GetRequiredService<IOptions<DigestOptions>>().Value;
        jobs.AddOrUpdate<OutboxDrainJob>(
            OutboxDrainJob.Id,
            job => job.RunAsync(CancellationToken.None),
            SweepCron(delivery.Interval),
            recurring);
        jobs.AddOrUpdate<DailyDigestJob>(
            DailyDigestJob.Id,
            job => job.RunAsync(CancellationToken.None),
            digests.SupervisorCron,
            recurring);
        jobs.AddOrUpdate<WeeklyDigestJob>(
            WeeklyDigestJob.Id,
            job => job.RunAsync(CancellationToken.None),
            digests.SafetyOfficeCron,
            recurring);
        jobs.AddOrUpdate<ZoneRatingJob>(
            ZoneRatingJob.Id,
            job => job.RunAsync(CancellationToken.None),
            options.ZoneRatingCron,
            recurring);
        jobs.AddOrUpdate<TrailCheckpointJob>(
            TrailCheckpointJob.Id,
            job => job.RunAsync(CancellationToken.None),
            options.TrailCheckpointCron,
            recurring);
    }

    /// <summary>Every n minutes for an interval under an hour, else hourly.</summary>
    internal static string SweepCron(TimeSpan interval) =>
        interval < TimeSpan.FromHours(1) ? $"*/{(int)interval.TotalMinutes} * * * *" : Cron.Hourly();
}
