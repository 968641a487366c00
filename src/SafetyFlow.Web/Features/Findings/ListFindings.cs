using FluentValidation;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using Severity = SafetyFlow.Workflows.Model.Severity;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>A search among the findings the viewer may see; every filter may be left out.</summary>
public sealed record ListFindingsRequest(
    string? State,
    string? Owner,
    string? Zone,
    bool? Overdue,
    string? Severity,
    int? Limit,
    int? Offset,
    Viewer Viewer,
    string Language);

internal sealed class ListFindingsRequestValidator : AbstractValidator<ListFindingsRequest>
{
    public ListFindingsRequestValidator()
    {
        RuleFor(r => r.Severity).Must(s => s is null || Enum.TryParse<Severity>(s, ignoreCase: true, out _)).WithMessage("Use general or major.");
        RuleFor(r => r.Limit).Must(l => l is null or (>= 1 and <= 1000)).WithMessage("Use 1 to 1000.");
        RuleFor(r => r.Offset).Must(o => o is null or >= 0).WithMessage("Must not be negative.");
    }
}

/// <summary>Findings the viewer may see, soonest deadline first.</summary>
public sealed class ListFindings(IValidator<ListFindingsRequest> validator, SafetyFlowDbContext db, FindingReader reader, TimeProvider clock)
{
    public const int DefaultLimit = 200;

    public async Task<Result<FindingView[]>> HandleAsync(ListFindingsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var now = clock.GetUtcNow();
        var query = reader.Visible(request.Viewer);
        if (!string.IsNullOrEmpty(request.State))
        {
            query = query.Where(f => f.State == request.State);
        }

        if (!string.IsNullOrEmpty(request.Owner))
        {
            query = query.Where(f => f.Owner!.UserName == request.Owner);
        }

        if (!string.IsNullOrEmpty(request.Zone))
        {
            query = query.Where(f => f.Zone!.Key == request.Zone);
        }

        if (request.Severity is not null)
        {
            var grade = Enum.Parse<Severity>(request.Severity, ignoreCase: true);
            query = query.Where(f => f.Severity == grade);
        }

        if (request.Overdue == true)
        {
            query = query.Where(f => f.ClosedAt == null && f.DueAt < now);
        }
        else if (request.Overdue == false)
        {
            query = query.Where(f => f.ClosedAt != null || f.DueAt >= now);
        }

        query = query.OrderBy(f => f.DueAt).ThenBy(f => f.Id).Skip(request.Offset ?? 0).Take(request.Limit ?? DefaultLimit);
        return (await reader.ShapeAsync(query, request.Viewer, request.Language, cancellationToken)).ToArray();
    }

    /// <summary>
    /// The zones a search may name, as (key, name) by key: the zones the viewer answers for, and any other zone one of
    /// their visible findings is in (an owner's).
    /// </summary>
    public async Task<IReadOnlyList<(string Key, string Name)>> ZonesAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        var scoped = db.Zones.VisibleTo(viewer).Select(z => z.Id);
        var visible = reader.Visible(viewer);
        var zones = await db.Zones.AsNoTracking()
            .Where(z => scoped.Contains(z.Id) || visible.Any(f => f.ZoneId == z.Id))
            .OrderBy(z => z.Key)
            .Select(z => new { z.Key, z.Name })
            .ToListAsync(cancellationToken);
        return [.. zones.Select(z => (z.Key, z.Name))];
    }
}
