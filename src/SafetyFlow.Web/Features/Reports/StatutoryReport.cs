using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Workflows;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;
using Severity = SafetyFlow.Workflows.Model.Severity;

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

/// <summary>The statutory figures' question: a year, and a quarter of it or none for the whole year, of the viewer's units.</summary>
public sealed record StatutoryRequest(int? Year, int? Quarter, string Language, Viewer Viewer);

internal sealed class StatutoryRequestValidator : AbstractValidator<StatutoryRequest>
{
    public StatutoryRequestValidator()
    {
        RuleFor(r => r.Year)
            .Must(y => y is >= WorkCalendar.FirstYear and <= WorkCalendar.LastYear)
            .WithMessage("Give a year such as 2026, from 2000 to 2100.")
            .OverridePropertyName("year");
        RuleFor(r => r.Quarter)
            .Must(q => q is null or (>= 1 and <= 4))
            .WithMessage("Give a quarter from 1 to 4, or none for the whole year.")
            .OverridePropertyName("quarter");
    }
}

/// <summary>Found, fixed and fixed on time over a quarter or a year, by severity, with the major hazards and their state.</summary>
public sealed class StatutoryReport(
    IValidator<StatutoryRequest> validator, SafetyFlowDbContext db, FindingReader reader, WorkflowRegistry workflows, WorkCalendar calendar, TimeProvider clock)
{
    public async Task<Result<StatutoryFigures>> HandleAsync(StatutoryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var (year, quarter) = (request.Year!.Value, request.Quarter);
        var first = quarter is { } q ? new DateOnly(year, ((q - 1) * 3) + 1, 1) : new DateOnly(year, 1, 1);
        var start = calendar.StartOfDay(first);
        var end = calendar.StartOfDay(quarter is null ? first.AddYears(1) : first.AddMonths(3));
        var now = clock.GetUtcNow();
        var asOf = now < end ? now : end;
        var facts = await FindingFacts.LoadAsync(db, reader.Visible(request.Viewer).Where(f => f.RaisedAt >= start && f.RaisedAt < end), cancellationToken);
        return new StatutoryFigures(
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
                FindingFacts.ItemText(workflows, f, request.Language),
                f.RaisedAt,
                f.DueAt,
                f.State,
                f.ClosedAt is not null,
                f.IsOverdueAt(now),
                f.Supervised,
                f.ClosedAt))]);
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

/// <summary>The endpoint over <see cref="StatutoryReport"/>.</summary>
internal static class StatutoryReportEndpoint
{
    public static async Task<Results<Ok<StatutoryFigures>, FailureHttpResult>> Handle(
        int? year, int? quarter, HttpContext context, ViewerFactory viewers, StatutoryReport report, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var result = await report.HandleAsync(new StatutoryRequest(year, quarter, WorkflowViews.Language(context), viewer), cancellationToken);
        return result.ToHttp(figures => TypedResults.Ok(figures));
    }
}
