using System.Globalization;

namespace SafetyFlow.Load;

/// <summary>
/// CPU time a process has used so far, user and system, read from <c>/proc/PID/stat</c> (Linux). Taken before and after
/// a measure, it says how much processor a request costs, which stays steady from run to run where the wall-clock
/// rate moves with everything else the machine is doing.
/// </summary>
public static class ProcessCpu
{
    /// <summary>Linux reports CPU times in USER_HZ ticks, 100 a second on x86-64 and arm64.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>The process's CPU time so far, or null where it cannot be read.</summary>
    public static TimeSpan? Of(int? pid)
    {
        var file = $"/proc/{pid}/stat";
        if (pid is null || !File.Exists(file))
        {
            return null;
        }

        // The command name (field 2) may hold spaces and brackets: the fields counted from state (field 3) follow its last ')'.
        var text = File.ReadAllText(file);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
