using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Audit;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;
using Severity = SafetyFlow.Workflows.Model.Severity;

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
    IReadOnlyList<ZoneMonthRating> Ratings,
    CheckpointView? Checkpoint = null);

/// <summary>A finding raised by the month's end that is open and past its deadline now.</summary>
internal sealed record OverdueEntry(string Zone, string Item, string Owner, DateTimeOffset DueAt, int DaysOverdue, int EscalationLevel, bool Major);

/// <summary>
/// The monthly report's question: the month (<c>yyyy-MM</c>) of the viewer's units, as PDF. <paramref name="Language"/> is
/// the one the request asks for (<see cref="MonthlyReport.RequestedLanguage"/>); without it, the viewer's own setting.
/// </summary>
public sealed record MonthlyReportRequest(string? Month, string? Format, string? Language, Viewer Viewer);

internal sealed class MonthlyReportRequestValidator : AbstractValidator<MonthlyReportRequest>
{
    public MonthlyReportRequestValidator(WorkCalendar calendar, TimeProvider clock)
    {
        this.RuleForMonth(r => r.Month, calendar, clock);
        RuleFor(r => r.Format).Must(f => f is null or "pdf").WithMessage("Use pdf.").OverridePropertyName("format");
    }
}

/// <summary>The month's report as PDF: totals, zones and categories, what is overdue now, and the zones' stars.</summary>
public sealed class MonthlyReport(
    IValidator<MonthlyReportRequest> validator,
    SafetyFlowDbContext db,
    FindingReader reader,
    WorkflowRegistry workflows,
    ZoneRater rater,
    ReportFonts fonts,
    WorkCalendar calendar,
    TimeProvider clock,
    TrailCheckpoints checkpoints)
{
    public async Task<Result<ReportFile>> HandleAsync(MonthlyReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (fonts.Typeface is null)
        {
            return new Failure.Unavailable("Report font missing", fonts.MissingMessage);
        }

        var now = clock.GetUtcNow();
        var (key, start, end) = ReportPeriod.Month(request.Month, calendar, now);
        var viewer = request.Viewer;
        var language = request.Language ?? await OwnLanguageAsync(viewer, cancellationToken);
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
            workflows.Current.ZoneRating is null ? [] : await rater.RatingsAsync(Zones.ZoneRatings.FirstOfMonth(key), viewer, cancellationToken),
            CheckpointView.Of(await checkpoints.RecentAsync(cancellationToken)));

        var pdf = MonthlyReportPdf.Render(data, fonts.Typeface, calendar);
        return new ReportFile(pdf, "application/pdf", $"safety-report-{key}.pdf");
    }

    /// <summary>The language an Accept-Language header asks for when it names Chinese or English; otherwise none.</summary>
    public static string? RequestedLanguage(string acceptLanguage) =>
        acceptLanguage.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN"
        : acceptLanguage.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en"
        : null;

    private async Task<string> OwnLanguageAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        var own = await db.Users.AsNoTracking().Where(u => u.Id == viewer.UserId).Select(u => u.Language).SingleOrDefaultAsync(cancellationToken);
        return own == "en" ? "en" : "zh-CN";
    }
}

/// <summary>The endpoint over <see cref="MonthlyReport"/>.</summary>
internal static class MonthlyReportEndpoint
{
    public static async Task<Results<FileContentHttpResult, FailureHttpResult>> Handle(
        string? month, string? format, HttpContext context, ViewerFactory viewers, MonthlyReport report, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var language = MonthlyReport.RequestedLanguage(context.Request.Headers.AcceptLanguage.ToString());
        var result = await report.HandleAsync(new MonthlyReportRequest(month, format, language, viewer), cancellationToken);
        return result.ToHttp(file => TypedResults.File(file.Content, file.ContentType, file.FileName));
    }
}
