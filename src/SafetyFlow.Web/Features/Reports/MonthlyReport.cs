using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Audit;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;
using Severity = SafetyFlow.Workflows.Model.Severity;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>
/// What the monthly report shows of the reader's units; figures count the findings raised in the month, as of now.
/// <see cref="Overdue"/> holds the longest overdue of the <see cref="OverdueCount"/> overdue findings, at most
/// <see cref="ReportOptions.PdfWorstCount"/>.
/// </summary>
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
    int OverdueCount,
    IReadOnlyList<ZoneMonthRating> Ratings,
    CheckpointView? Checkpoint = null);

/// <summary>A finding raised by the month's end that is open and past its deadline now.</summary>
internal sealed record OverdueEntry(string Zone, string Item, string Owner, DateTimeOffset DueAt, int DaysOverdue, int EscalationLevel, bool Major);

/// <summary>
/// The monthly report's question: the month (<c>yyyy-MM</c>) of the viewer's units, as PDF. <paramref name="Language"/> is
/// the one the reader chose for this request (the page's switch, or the API's <c>Accept-Language</c>); without it, the
/// viewer's saved language, then <paramref name="Browser"/>'s (<see cref="ReportLanguage"/>).
/// </summary>
public sealed record MonthlyReportRequest(string? Month, string? Format, string? Language, Viewer Viewer, string? Browser = null);

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
    ReportLanguage languages,
    WorkCalendar calendar,
    TimeProvider clock,
    TrailCheckpoints checkpoints,
    IOptions<ReportOptions> options)
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
        var language = await languages.ForAsync(request.Language, viewer, request.Browser, cancellationToken);
        var visible = reader.Visible(viewer);
        var raised = visible.Where(f => f.RaisedAt >= start && f.RaisedAt < end);
        var overdue = visible.Where(f => f.RaisedAt < end && f.ClosedAt == null && f.DueAt < now);
        var zoneNames = await db.Zones.AsNoTracking().ToDictionaryAsync(z => z.Key, z => z.Name, StringComparer.Ordinal, cancellationToken);
        var byZone = await ClosureFigures.RowsByZoneAsync(db, raised, z => z.Key, now, cancellationToken);
        var byCategory = await ClosureFigures.RowsAsync(db, raised, f => f.Category, now, cancellationToken);
        var worst = await overdue
            .OrderBy(f => f.DueAt)
            .ThenBy(f => f.RaisedAt)
            .ThenBy(f => f.Id)
            .Take(options.Value.PdfWorstCount)
            .Select(f => new
            {
                ZoneName = f.Zone!.Name,
                f.WorkflowId,
                f.ItemId,
                OwnerName = f.Owner!.DisplayName,
                Owner = f.Owner.UserName,
                f.DueAt,
                f.EscalationLevel,
                f.Severity,
            })
            .ToListAsync(cancellationToken);

        var data = new MonthlyReportData(
            key,
            language,
            now,
            await ClosureFigures.TotalAsync(db, raised, key, now, cancellationToken),
            await raised.CountAsync(f => f.Severity == Severity.Major, cancellationToken),
            await raised.CountAsync(f => f.RepeatOfId != null, cancellationToken),
            [.. byZone.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (zoneNames[r.Key], r))],
            [.. byCategory.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r))],
            [.. worst.Select(f => new OverdueEntry(
                f.ZoneName,
                FindingFacts.ItemText(workflows, f.WorkflowId, f.ItemId, language),
                f.OwnerName.Length > 0 ? f.OwnerName : f.Owner ?? "",
                f.DueAt,
                (int)Math.Floor((now - f.DueAt).TotalDays),
                f.EscalationLevel,
                f.Severity == Severity.Major))],
            await overdue.CountAsync(cancellationToken),
            workflows.Current.ZoneRating is null ? [] : await rater.RatingsAsync(Zones.ZoneRatings.FirstOfMonth(key), viewer, cancellationToken),
            CheckpointView.Of(await checkpoints.RecentAsync(cancellationToken)));

        var pdf = MonthlyReportPdf.Render(data, fonts.Typeface, calendar);
        return new ReportFile(pdf, "application/pdf", $"safety-report-{key}.pdf");
    }

    /// <summary>The language an Accept-Language header asks for when it names Chinese or English; otherwise none.</summary>
    public static string? RequestedLanguage(string acceptLanguage) => ReportLanguage.Known(acceptLanguage);
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
