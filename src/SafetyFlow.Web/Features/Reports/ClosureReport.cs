using System.Linq.Expressions;
using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;
using Severity = SafetyFlow.Workflows.Model.Severity;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>
/// One group of the closure report. Rates are 0..1 of the findings raised in the period; aging counts the group's
/// findings still open now by whole days since raised; the 90th percentile is the nearest-rank one.
/// </summary>
public sealed record ClosureRow(
    string Key,
    int Raised,
    int Closed,
    int ClosedOnTime,
    int OpenOverdue,
    double ClosureRate,
    double OnTimeRate,
    double? MedianHoursToClose,
    double? P90HoursToClose,
    OpenAging Aging,
    int Rejections,
    int ExtensionRequests);

/// <summary>Findings still open, by days since raised: 0-7, 8-30, over 30.</summary>
public sealed record OpenAging(int Days0To7, int Days8To30, int Over30Days);

/// <summary>The closure report's question: findings raised in [from, to) that the viewer may see, grouped by <paramref name="GroupBy"/>.</summary>
public sealed record ClosureRequest(string? From, string? To, string? GroupBy, Viewer Viewer);

internal sealed class ClosureRequestValidator : AbstractValidator<ClosureRequest>
{
    public ClosureRequestValidator(WorkCalendar calendar, TimeProvider clock)
    {
        this.RuleForRange(r => r.From, r => r.To, calendar, clock);
        RuleFor(r => r.GroupBy)
            .Must(g => g is null || ClosureReport.Groupings.Contains(g))
            .WithMessage($"Use one of {string.Join(", ", ClosureReport.Groupings)}.")
            .OverridePropertyName("groupBy");
    }
}

/// <summary>Raised, closed, on time and overdue findings per group, with aging and time to close.</summary>
public sealed class ClosureReport(
    IValidator<ClosureRequest> validator, SafetyFlowDbContext db, FindingReader reader, WorkCalendar calendar, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Groupings = ["zone", "category", "severity", "owner", "unit", "week", "month"];

    public async Task<Result<ClosureRow[]>> HandleAsync(ClosureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var now = clock.GetUtcNow();
        var (start, end) = ReportPeriod.Range(request.From, request.To, calendar, now);
        var findings = reader.Visible(request.Viewer).Where(f => f.RaisedAt >= start && f.RaisedAt < end);
        Expression<Func<Finding, string>>? key = (request.GroupBy ?? "zone") switch
        {
            "category" => f => f.Category,
            "severity" => SeverityKey,
            "owner" => f => f.Owner!.UserName ?? "",
            "unit" => f => f.Zone!.Unit!.Key,
            "week" => LocalBuckets.Weeks(calendar, start, end).KeyOf(f => f.RaisedAt),
            "month" => LocalBuckets.Months(calendar, start, end).KeyOf(f => f.RaisedAt),
            _ => null,
        };

        var rows = key is null
            ? await ClosureFigures.RowsByZoneAsync(db, findings, z => z.Key, now, cancellationToken)
            : await ClosureFigures.RowsAsync(db, findings, key, now, cancellationToken);
        return rows.OrderBy(r => r.Key, StringComparer.Ordinal).ToArray();
    }

    /// <summary>A finding's severity in lower case, as the report names it (<c>general</c>, <c>major</c>).</summary>
    internal static Expression<Func<Finding, string>> SeverityKey { get; } = SeverityNames();

    private static Expression<Func<Finding, string>> SeverityNames()
    {
        var finding = Expression.Parameter(typeof(Finding), "f");
        var severity = Expression.Property(finding, nameof(Finding.Severity));
        var values = Enum.GetValues<Severity>();
        Expression name = Expression.Constant(values[^1].ToString().ToLowerInvariant());
        foreach (var value in values[..^1].Reverse())
        {
            name = Expression.Condition(
                Expression.Equal(severity, Expression.Constant(value)), Expression.Constant(value.ToString().ToLowerInvariant()), name);
        }

        return Expression.Lambda<Func<Finding, string>>(name, finding);
    }

    internal static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>The smallest value with at least <paramref name="fraction"/> of the values at or below it.</summary>
    internal static double NearestRank(IReadOnlyList<double> sorted, double fraction) =>
        sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
}

/// <summary>The endpoint over <see cref="ClosureReport"/>.</summary>
internal static class ClosureReportEndpoint
{
    public static async Task<Results<Ok<ClosureRow[]>, FailureHttpResult>> Handle(
        string? from, string? to, string? groupBy, ClaimsPrincipal user, ViewerFactory viewers, ClosureReport report, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(user, cancellationToken);
        var result = await report.HandleAsync(new ClosureRequest(from, to, groupBy, viewer), cancellationToken);
        return result.ToHttp(rows => TypedResults.Ok(rows));
    }
}
