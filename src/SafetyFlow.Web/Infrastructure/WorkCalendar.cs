using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>Weeks, days and local times in the configured time zone (<c>SafetyFlow:TimeZone</c>).</summary>
public sealed partial class WorkCalendar(IOptions<CalendarOptions> options)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The ISO 8601 week an instant falls in locally, e.g. <c>2026-W48</c>.</summary>
    public string WeekOf(DateTimeOffset instant)
    {
        var local = ToLocal(instant).DateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(local)}-W{ISOWeek.GetWeekOfYear(local):00}");
    }

    /// <summary>Local midnight at the start of an ISO week's Monday.</summary>
    public DateTimeOffset StartOfWeek(string week)
    {
        if (!TryParseWeek(week, out var year, out var number))
        {
            throw new ArgumentException($"'{week}' is not an ISO week such as 2026-W48.", nameof(week));
        }

        return AtLocal(DateOnly.FromDateTime(ISOWeek.ToDateTime(year, number, DayOfWeek.Monday)), TimeOnly.MinValue);
    }

    /// <summary>The instant at which a local date and time occurs.</summary>
    public DateTimeOffset AtLocal(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>The start of a local day, for a date such as <c>2026-11-01</c>.</summary>
    public DateTimeOffset StartOfDay(DateOnly date) => AtLocal(date, TimeOnly.MinValue);

    public static bool IsWeek(string? week) => week is not null && TryParseWeek(week, out _, out _);

    private static bool TryParseWeek(string week, out int year, out int number)
    {
        year = 0;
        number = 0;
        var match = WeekPattern().Match(week);
        if (!match.Success)
        {
            return false;
        }

        year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        number = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return number >= 1 && number <= ISOWeek.GetWeeksInYear(year);
    }

    [GeneratedRegex(@"^(\d{4})-W(\d{2})$")]
    private static partial Regex WeekPattern();
}
