using System.Diagnostics;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// How long each step of start-up took, from the process's start to the first request it can answer, logged once the
/// app listens: an operator whose node is slow to become healthy reads where the time went.
/// </summary>
public sealed class StartupTimings
{
    private readonly List<(string Step, TimeSpan Took)> steps = [];
    private readonly Stopwatch sinceLast = Stopwatch.StartNew();

    /// <summary>Closes the step that ran since the previous one (or since the process started, for the first).</summary>
    public void Mark(string step)
    {
        var took = steps.Count == 0 ? SinceProcessStart() : sinceLast.Elapsed;
        steps.Add((step, took));
        sinceLast.Restart();
    }

    /// <summary>Each step with its time, in order, and the time since the process started.</summary>
    public string Describe() =>
        $"{SinceProcessStart().TotalMilliseconds:N0} ms since the process started: " +
        string.Join(", ", steps.Select(s => $"{s.Step} {s.Took.TotalMilliseconds:N0} ms"));

    private static TimeSpan SinceProcessStart()
    {
        using var process = Process.GetCurrentProcess();
        return DateTime.Now - process.StartTime;
    }
}
