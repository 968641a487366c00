using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>What the monthly report shows of the reader's units; figures count the findings raised in the month, as of now.</summary>
internal sealed record MonthlyReportData(
    string Month,
    string Language,
    DateTimeOffset GeneratedAt,
    ClosureRow Totals,
    int Major,
    int Repeats,
    IReadOnlyList<(string Name, ClosureRow Row)> ByZone,
    IReadOnlyList<(string Name, ClosureRow Row)> ByCategory,
    IReadOnlyList<OverdueEntry> Overdue,
    IReadOnlyList<ZoneMonthRating> Ratings);

/// <summary>A finding raised by the month's end that is open and past its deadline now.</summary>
internal sealed record OverdueEntry(string Zone, string Item, string Owner, DateTimeOffset DueAt, int DaysOverdue, int EscalationLevel, bool Major);

internal static class MonthlyReport
{
    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        string? month,
        string? format,
        HttpContext context,
        SafetyFlowDbContext db,
        FindingReader reader,
        ViewerFactory viewers,
        WorkflowRegistry workflows,
        ZoneRater rater,
        ReportFonts fonts,
        WorkCalendar calendar,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        var (key, start, end) = ReportPeriod.Month(month, calendar, now, errors);
        if ((format ?? "pdf") != "pdf")
        {
            errors.Add("format", "Use pdf.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (fonts.Typeface is null)
        {
            return TypedResults.Problem(fonts.MissingMessage, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Report font missing");
        }

        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var language = await LanguageAsync(context, db, viewer, cancellationToken);
        var visible = reader.Visible(viewer);
        var raised = await FindingFacts.LoadAsync(db, visible.Where(f => f.RaisedAt >= start && f.RaisedAt < end), cancellationToken);
        var overdue = await FindingFacts.LoadAsync(db, visible.Where(f => f.RaisedAt < end && f.ClosedAt == null && f.DueAt < now), cancellationToken);
        var zoneNames = raised.Concat(overdue).GroupBy(f => f.Zone).ToDictionary(g => g.Key, g => g.First().ZoneName);

        var data = new MonthlyReportData(
            key,
            language,
            now,
            ClosureReport.Row(key, raised, now),
            raised.Count(f => f.Severity == Severity.Major),
            raised.Count(f => f.RepeatOfId is not null),
            [.. raised.GroupBy(f => f.Zone).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (zoneNames[g.Key], ClosureReport.Row(g.Key, [.. g], now)))],
            [.. raised.GroupBy(f => f.Category).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, ClosureReport.Row(g.Key, [.. g], now)))],
            [.. overdue.OrderBy(f => f.DueAt).Select(f => new OverdueEntry(
                f.ZoneName,
                FindingFacts.ItemText(workflows, f, language),
                f.OwnerName.Length > 0 ? f.OwnerName : f.Owner,
                f.DueAt,
                (int)Math.Floor((now - f.DueAt).TotalDays),
                f.EscalationLevel,
                f.Severity == Severity.Major))],
            workflows.Current.ZoneRating is null ? [] : await rater.RatingsAsync(Zones.ZoneRatings.FirstOfMonth(key), viewer, cancellationToken));

        var pdf = MonthlyReportPdf.Render(data, fonts.Typeface, calendar);
        return TypedResults.File(pdf, "application/pdf", $"safety-report-{key}.pdf");
    }

    /// <summary>The Accept-Language header when it names Chinese or English, else the caller's own setting.</summary>
    private static async Task<string> LanguageAsync(HttpContext context, SafetyFlowDbContext db, Viewer viewer, CancellationToken cancellationToken)
    {
        var header = context.Request.Headers.AcceptLanguage.ToString();
        if (header.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
        {
            return "zh-CN";
        }

        if (header.StartsWith("en", StringComparison.OrdinalIgnoreCase))
        {
            return "en";
        }

        var own = await db.Users.AsNoTracking().Where(u => u.Id == viewer.UserId).Select(u => u.Language).SingleOrDefaultAsync(cancellationToken);
        return own == "en" ? "en" : "zh-CN";
    }
}
