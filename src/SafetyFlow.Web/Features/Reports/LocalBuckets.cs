using System.Globalization;
using System.Linq.Expressions;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>
/// Consecutive local weeks or months of the work calendar as UTC instants, worked out here rather than in SQL, where
/// SQLite and PostgreSQL know neither the time zone nor ISO weeks alike. <see cref="KeyOf"/> names the bucket an
/// instant falls in with comparisons against the boundaries alone, so the database can group by it.
/// </summary>
internal sealed class LocalBuckets
{
    private readonly DateTimeOffset[] _bounds;
    private readonly string[] _labels;

    private LocalBuckets(List<DateTimeOffset> bounds, List<string> labels) => (_bounds, _labels) = ([.. bounds], [.. labels]);

    /// <summary>The buckets' names, oldest first: <c>2026-W48</c> or <c>2026-11</c>.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The start of the first bucket.</summary>
    public DateTimeOffset Start => _bounds[0];

    /// <summary>The end of the last bucket.</summary>
    public DateTimeOffset End => _bounds[^1];

    /// <summary>The ISO weeks, in local time, that [start, end) touches.</summary>
    public static LocalBuckets Weeks(WorkCalendar calendar, DateTimeOffset start, DateTimeOffset end) =>
        Of(calendar, calendar.StartOfWeek(calendar.WeekOf(start)), end, date => date.AddDays(7), calendar.WeekOf);

    /// <summary>The local months that [start, end) touches.</summary>
    public static LocalBuckets Months(WorkCalendar calendar, DateTimeOffset start, DateTimeOffset end)
    {
        var local = calendar.ToLocal(start);
        return Of(
            calendar,
            calendar.StartOfDay(new DateOnly(local.Year, local.Month, 1)),
            end,
            date => date.AddMonths(1),
            b => calendar.ToLocal(b).ToString("yyyy-MM", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The label of the bucket <paramref name="instant"/> falls in, as a balanced tree of comparisons (a CASE nested
    /// about log2 of the bucket count deep). An instant before the first bucket or after the last is given the nearest one:
    /// filter to [<see cref="Start"/>, <see cref="End"/>) first.
    /// </summary>
    public Expression<Func<Finding, string>> KeyOf(Expression<Func<Finding, DateTimeOffset>> instant)
    {
        ArgumentNullException.ThrowIfNull(instant);
        var bounds = Expression.Constant(_bounds);
        Expression Between(int first, int last)
        {
            if (last - first == 1)
            {
                return Expression.Constant(_labels[first]);
            }

            var middle = (first + last) / 2;
            return Expression.Condition(
                Expression.LessThan(instant.Body, Expression.ArrayIndex(bounds, Expression.Constant(middle))),
                Between(first, middle),
                Between(middle, last));
        }

        return Expression.Lambda<Func<Finding, string>>(Between(0, _labels.Length), instant.Parameters);
    }

    private static LocalBuckets Of(
        WorkCalendar calendar, DateTimeOffset first, DateTimeOffset end, Func<DateOnly, DateOnly> next, Func<DateTimeOffset, string> label)
    {
        var bounds = new List<DateTimeOffset> { first };
        var labels = new List<string>();
        while (bounds[^1] < end)
        {
            labels.Add(label(bounds[^1]));
            bounds.Add(calendar.StartOfDay(next(DateOnly.FromDateTime(calendar.ToLocal(bounds[^1]).DateTime))));
        }

        if (labels.Count == 0)
        {
            labels.Add(label(first));
            bounds.Add(calendar.StartOfDay(next(DateOnly.FromDateTime(calendar.ToLocal(first).DateTime))));
        }

        return new LocalBuckets(bounds, labels);
    }
}
