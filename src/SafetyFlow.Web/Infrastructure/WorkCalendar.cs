using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>Weeks, days and local times in the configured time zone (<c>SafetyFlow:TimeZone</c>).</summary>
public sealed partial class WorkCalendar(IOptions<CalendarOptions> options)
{
    /// <summary>The first and last years whose weeks, days and months SafetyFlow takes as input.</summary>
    public const int FirstYear = 2000;

    public const int LastYear = 2100;

    /// <summary>What a week, month or date given as input must look like, for 400 messages.</summary>
    public const string WeekHint = "Use an ISO week such as 2026-W48, in the years 2000 to 2100.";

    public const string MonthHint = "Use a month such as 2026-11, in the years 2000 to 2100.";

    public const string DateHint = "Use a date (2026-11-01) or a date and time with offset (2026-11-01T00:00:00+08:00), in the years 2000 to 2100.";

    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The local date an instant falls on.</summary>
    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

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

    /// <summary>An ISO week such as <c>2026-W48</c> of a year from <see cref="FirstYear"/> to <see cref="LastYear"/>.</summary>
    public static bool IsWeek(string? week) => week is not null && TryParseWeek(week, out _, out _);

    /// <summary>Whether a date falls in the years SafetyFlow takes as input.</summary>
    public static bool IsSupported(DateOnly date) => date.Year is >= FirstYear and <= LastYear;

    /// <summary>Whether an instant falls in the years SafetyFlow takes as input (in UTC).</summary>
    public static bool IsSupported(DateTimeOffset instant) => instant.UtcDateTime.Year is >= FirstYear and <= LastYear;

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
        return year is >= FirstYear and <= LastYear && number >= 1 && number <= ISOWeek.GetWeeksInYear(year);
    }

    [GeneratedRegex(@"^(\d{4})-W(\d{2})$")]
    private static partial Regex WeekPattern();
}
