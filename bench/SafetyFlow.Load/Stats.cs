using System.Globalization;

namespace SafetyFlow.Load;

/// <summary>Order statistics over a set of durations.</summary>
public sealed class Stats(IEnumerable<TimeSpan> samples)
{
    private readonly TimeSpan[] _sorted = [.. samples.Order()];

    public int Count => _sorted.Length;

    public TimeSpan Min => _sorted.Length == 0 ? TimeSpan.Zero : _sorted[0];

    public TimeSpan Max => _sorted.Length == 0 ? TimeSpan.Zero : _sorted[^1];

    public TimeSpan Median => Percentile(50);

    /// <summary>The nearest-rank percentile.</summary>
    public TimeSpan Percentile(double p)
    {
        if (_sorted.Length == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (int)Math.Ceiling(p / 100 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    public static string Format(TimeSpan span) => span.TotalMilliseconds < 1000
        ? span.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms"
        : span.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s";
}
