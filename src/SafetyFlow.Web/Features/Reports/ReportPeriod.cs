using System.Globalization;
using FluentValidation;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>Reads the from/to, month and year/quarter query values the reports share, reporting bad ones by field.</summary>
internal static class ReportPeriod
{
    /// <summary>[from, to): a date names a whole local day ('to' includes it); the defaults are the current month so far.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Range(
        string? from, string? to, WorkCalendar calendar, DateTimeOffset now, ValidationErrors errors)
    {
        var local = calendar.ToLocal(now);
        var start = Bound(from, "from", calendar, errors, endOfDay: false) ?? calendar.StartOfDay(new DateOnly(local.Year, local.Month, 1));
        var end = Bound(to, "to", calendar, errors, endOfDay: true) ?? now;
        if (!errors.Any && end <= start)
        {
            errors.Add("to", "Must be after 'from'.");
        }

        return (start, end);
    }

    /// <summary>The range of a from/to pair its validator has accepted (<see cref="RuleForRange{T}"/>).</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Range(string? from, string? to, WorkCalendar calendar, DateTimeOffset now) =>
        Range(from, to, calendar, now, new ValidationErrors());

    /// <summary>The month its validator has accepted (<see cref="RuleForMonth{T}"/>).</summary>
    public static (string Key, DateTimeOffset Start, DateTimeOffset End) Month(string? month, WorkCalendar calendar, DateTimeOffset now) =>
        Month(month, calendar, now, new ValidationErrors());

    /// <summary>Refuses from/to values that do not read as a period, with its messages under <c>from</c> and <c>to</c>.</summary>
    public static void RuleForRange<T>(
        this AbstractValidator<T> validator, Func<T, string?> from, Func<T, string?> to, WorkCalendar calendar, TimeProvider clock) =>
        validator.RuleFor(r => r).Custom((request, context) =>
        {
            var errors = new ValidationErrors();
            Range(from(request), to(request), calendar, clock.GetUtcNow(), errors);
            errors.AddTo(context);
        });

    /// <summary>Refuses a value that does not read as a month, with its message under <c>month</c>.</summary>
    public static void RuleForMonth<T>(this AbstractValidator<T> validator, Func<T, string?> month, WorkCalendar calendar, TimeProvider clock) =>
        validator.RuleFor(r => r).Custom((request, context) =>
        {
            var errors = new ValidationErrors();
            Month(month(request), calendar, clock.GetUtcNow(), errors);
            errors.AddTo(context);
        });

    /// <summary>A <c>yyyy-MM</c> month as [start, end) in the work calendar; the default is the current month.</summary>
    public static (string Key, DateTimeOffset Start, DateTimeOffset End) Month(
        string? month, WorkCalendar calendar, DateTimeOffset now, ValidationErrors errors)
    {
        var first = DateOnly.FromDateTime(calendar.ToLocal(now).DateTime);
        first = new DateOnly(first.Year, first.Month, 1);
        if (!string.IsNullOrEmpty(month))
        {
            if (DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                && WorkCalendar.IsSupported(parsed))
            {
                first = parsed;
            }
            else
            {
                errors.Add("month", WorkCalendar.MonthHint);
            }
        }

        return (first.ToString("yyyy-MM", CultureInfo.InvariantCulture), calendar.StartOfDay(first), calendar.StartOfDay(first.AddMonths(1)));
    }

    private static DateTimeOffset? Bound(string? value, string field, WorkCalendar calendar, ValidationErrors errors, bool endOfDay)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && WorkCalendar.IsSupported(date))
        {
            return calendar.StartOfDay(endOfDay ? date.AddDays(1) : date);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) && value.Contains('T', StringComparison.Ordinal)
            && WorkCalendar.IsSupported(instant))
        {
            return instant;
        }

        errors.Add(field, WorkCalendar.DateHint);
        return null;
    }

    private static void AddTo<T>(this ValidationErrors errors, ValidationContext<T> context)
    {
        foreach (var (field, messages) in errors.ToDictionary())
        {
            foreach (var message in messages)
            {
                context.AddFailure(field, message);
            }
        }
    }
}
