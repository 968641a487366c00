using SafetyFlow.Web.Domain;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Seeder;

/// <summary>How a finding's life goes, drawn once per finding.</summary>
public enum Outcome
{
    ClosedOnTime,
    ClosedLate,
    RejectedOnceThenClosed,
    ExtendedThenClosed,
    FixWaiting,
    NeverFixed,

    /// <summary>Left open with a ladder step due at now, unfired: the sweep's work.</summary>
    DueNow,
}

/// <summary>
/// Plays a raised finding's life forward through the domain's own methods (five fixes, fix, reject, extension, accept)
/// and the ladder steps that fall due on the way, each at its own instant, up to now. Every event's messages are written
/// as it happens, so their texts carry the finding's state at that moment.
/// </summary>
public sealed class FindingStory(Catalogs catalogs, Telling telling, DateTimeOffset now)
{
    private static readonly TimeSpan SweepLag = TimeSpan.FromSeconds(30);

    public static Outcome Draw(Random random)
    {
        var r = random.NextDouble();
        return r switch
        {
            < 0.68 => Outcome.ClosedOnTime,
            < 0.80 => Outcome.ClosedLate,
            < 0.85 => Outcome.RejectedOnceThenClosed,
            < 0.88 => Outcome.ExtendedThenClosed,
            < 0.93 => Outcome.FixWaiting,
            _ => Outcome.NeverFixed,
        };
    }

    public void Play(Finding finding, BenchZone zone, Outcome outcome, Random random)
    {
        var lifecycle = catalogs.Lifecycle;
        var owner = catalogs.Org.People[finding.OwnerId].Actor;
        var supervisor = zone.Supervisor.Actor;
        var raised = finding.RaisedAt;
        var fixWithin = finding.DueAt - raised;
        var cutoff = outcome == Outcome.DueNow ? LastStepDue(finding) : now;
        telling.Tell(finding, zone);

        bool At(DateTimeOffset when)
        {
            // The ladder steps that fall due before this moment fire first, as the sweep would have fired them.
            while (finding.NextStepAt is { } next && next + SweepLag < when && next < cutoff)
            {
                finding.FireDueStep(lifecycle.Definition, next + SweepLag);
                telling.Tell(finding, zone);
            }

            return when <= now;
        }

        void Then(DateTimeOffset when, Action<DateTimeOffset> act)
        {
            act(when);
            telling.Tell(finding, zone);
        }

        var t = raised + Hours(random, 0.2, 2);
        if (finding.FixedOnSpot)
        {
            if (At(t))
            {
                Then(t, when => finding.Approve(lifecycle, supervisor, null, when));
            }

            At(now);
            return;
        }

        if (finding.Severity == Severity.Major && At(t))
        {
            Then(t, when => finding.RecordFiveFixes(lifecycle, owner, FiveFixes(owner, finding.DueAt, when), when));
        }

        if (outcome is Outcome.NeverFixed or Outcome.DueNow)
        {
            At(now);
            return;
        }

        if (outcome == Outcome.ExtendedThenClosed && finding.Severity == Severity.General)
        {
            t = raised + fixWithin * 0.4;
            if (!At(t))
            {
                return;
            }

            Then(t, when => finding.RequestExtension(lifecycle, owner, finding.DueAt + TimeSpan.FromDays(random.Next(3, 14)), "Parts on order", when));
            t += Hours(random, 2, 20);
            if (!At(t))
            {
                return;
            }

            Then(t, when => finding.ApproveExtension(lifecycle, supervisor, null, when));
        }

        t = Later(t, outcome == Outcome.ClosedLate
            ? finding.DueAt + Hours(random, 4, 24 * 12)
            : raised + (finding.DueAt - raised) * (0.1 + random.NextDouble() * 0.75));
        if (!At(t))
        {
            At(now);
            return;
        }

        Then(t, when => finding.SubmitFix(lifecycle, owner, "Fixed", when));
        if (outcome == Outcome.RejectedOnceThenClosed)
        {
            t += Hours(random, 2, 24);
            if (!At(t))
            {
                return;
            }

            Then(t, when => finding.Reject(lifecycle, supervisor, "Not fixed properly", when));
            t += Hours(random, 12, 72);
            if (!At(t))
            {
                At(now);
                return;
            }

            Then(t, when => finding.SubmitFix(lifecycle, owner, "Fixed again", when));
        }

        if (outcome == Outcome.FixWaiting)
        {
            At(now);
            return;
        }

        t += Hours(random, 1, 30);
        if (At(t))
        {
            Then(t, when => finding.Approve(lifecycle, supervisor, null, when));
        }

        At(now);
    }

    /// <summary>The latest ladder step due by now: steps before it fire, it waits for the sweep.</summary>
    private DateTimeOffset LastStepDue(Finding finding) =>
        catalogs.Lifecycle.Definition.Ladder.Select(s => finding.DueAt + s.Offset).Where(at => at <= now).DefaultIfEmpty(now).Max();

    private static FiveFixes FiveFixes(FindingActor owner, DateTimeOffset deadline, DateTimeOffset at) =>
        new("Replace and check the whole row", "Site maintenance budget", owner.UserName, deadline, "Cordon off until fixed", at);

    /// <summary>Each step of a finding's life comes after the one before.</summary>
    private static DateTimeOffset Later(DateTimeOffset previous, DateTimeOffset wanted) =>
        wanted > previous ? wanted : previous + TimeSpan.FromMinutes(15);

    private static TimeSpan Hours(Random random, double from, double to) => TimeSpan.FromHours(from + random.NextDouble() * (to - from));
}
