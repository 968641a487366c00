using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>
/// Figures for disclosure over a quarter or a year. Found counts findings raised in the period; fixed and fixed on time
/// count those of them closed by the period's end (or by now, while the period runs).
/// </summary>
public sealed record StatutoryFigures(
    string Period,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset AsOf,
    SeverityFigures All,
    SeverityFigures General,
    SeverityFigures Major,
    IReadOnlyList<MajorHazard> MajorHazards);

public sealed record SeverityFigures(int Found, int Fixed, int FixedOnTime, int Open, int Overdue, double FixRate, double OnTimeRate);

/// <summary>A major hazard raised in the period and its state now.</summary>
public sealed record MajorHazard(Guid Id, string Zone, string Item, DateTimeOffset RaisedAt, DateTimeOffset DueAt, string State, bool Fixed, bool Overdue, bool Supervised, DateTimeOffset? ClosedAt);

internal static class StatutoryReport
{
    public static async Task<Results<Ok<StatutoryFigures>, ValidationProblem>> Handle(
        int? year,
        int? quarter,
        HttpContext context,
        SafetyFlowDbContext db,
        FindingReader reader,
        ViewerFactory viewers,
        WorkflowRegistry workflows,
        WorkCalendar calendar,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (year is not (>= WorkCalendar.FirstYear and <= WorkCalendar.LastYear))
        {
            errors.Add("year", "Give a year such as 2026, from 2000 to 2100.");
        }

        if (quarter is not null and not (>= 1 and <= 4))
        {
            errors.Add("quarter", "Give a quarter from 1 to 4, or none for the whole year.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var first = quarter is { } q ? new DateOnly(year!.Value, ((q - 1) * 3) + 1, 1) : new DateOnly(year!.Value, 1, 1);
        var start = calendar.StartOfDay(first);
        var end = calendar.StartOfDay(quarter is null ? first.AddYears(1) : first.AddMonths(3));
        var now = clock.GetUtcNow();
        var asOf = now < end ? now : end;
        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var facts = await FindingFacts.LoadAsync(db, reader.Visible(viewer).Where(f => f.RaisedAt >= start && f.RaisedAt < end), cancellationToken);
        var language = Workflows.WorkflowViews.Language(context);
        return TypedResults.Ok(new StatutoryFigures(
            quarter is { } qq ? $"{year}-Q{qq}" : $"{year}",
            start,
            end,
            asOf,
            Figures(facts, asOf),
            Figures([.. facts.Where(f => f.Severity == Severity.General)], asOf),
            Figures([.. facts.Where(f => f.Severity == Severity.Major)], asOf),
            [.. facts.Where(f => f.Severity == Severity.Major).Select(f => new MajorHazard(
                f.Id,
                f.Zone,
                FindingFacts.ItemText(workflows, f, language),
                f.RaisedAt,
                f.DueAt,
                f.State,
                f.ClosedAt is not null,
                f.IsOverdueAt(now),
                f.Supervised,
                f.ClosedAt))]));
    }

    internal static SeverityFigures Figures(IReadOnlyList<FindingFact> facts, DateTimeOffset asOf)
    {
        var fixedBy = facts.Where(f => f.ClosedAt is { } c && c <= asOf).ToList();
        var onTime = fixedBy.Count(f => f.ClosedOnTime);
        var open = facts.Count - fixedBy.Count;
        var overdue = facts.Count(f => (f.ClosedAt is null || f.ClosedAt > asOf) && asOf > f.DueAt);
        return new SeverityFigures(
            facts.Count,
            fixedBy.Count,
            onTime,
            open,
            overdue,
            facts.Count == 0 ? 0 : Math.Round((double)fixedBy.Count / facts.Count, 4),
            facts.Count == 0 ? 0 : Math.Round((double)onTime / facts.Count, 4));
    }
}
