using System.Globalization;

namespace SafetyFlow.Load;

/// <summary>
/// The app process's resident memory, read from <c>/proc/PID/status</c> (Linux): sampled while a measure runs for its
/// peak, and the kernel's high-water mark (<c>VmHWM</c>) for the whole life of the process.
/// </summary>
public sealed class ProcessMemory(int? pid) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private long _peak;
    private Task? _sampler;

    public bool Known => pid is not null && File.Exists(StatusFile);

    private string StatusFile => $"/proc/{pid}/status";

    /// <summary>Starts sampling every 50 ms.</summary>
    public void Start()
    {
        if (!Known)
        {
            return;
        }

        _sampler = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var rss = Read("VmRSS:") ?? 0;
                Interlocked.Exchange(ref _peak, Math.Max(Interlocked.Read(ref _peak), rss));
                try
                {
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    /// <summary>The highest resident size sampled since the last call, in MB, and starts a new period.</summary>
    public string TakePeak()
    {
        if (!Known)
        {
            return "-";
        }

        var peak = Interlocked.Exchange(ref _peak, Read("VmRSS:") ?? 0);
        return Megabytes(peak);
    }

    /// <summary>The kernel's high-water mark of the process's resident size, in MB.</summary>
    public string HighWaterMark() => Known ? Megabytes(Read("VmHWM:") ?? 0) : "-";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_sampler is not null)
        {
            await _sampler;
        }

        _stop.Dispose();
    }

    private static string Megabytes(long kilobytes) => (kilobytes / 1024.0).ToString("F0", CultureInfo.InvariantCulture) + " MB";

    private long? Read(string field)
    {
        try
        {
            var line = File.ReadLines(StatusFile).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
