using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Workflows;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Findings;

internal static class ReadFindings
{
    public static async Task<Results<Ok<IReadOnlyList<FindingView>>, ValidationProblem>> List(
        string? state,
        string? owner,
        string? zone,
        bool? overdue,
        string? severity,
        int? limit,
        int? offset,
        HttpContext context,
        FindingReader reader,
        ViewerFactory viewers,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        Severity? grade = null;
        if (severity is not null)
        {
            if (Enum.TryParse<Severity>(severity, ignoreCase: true, out var parsed))
            {
                grade = parsed;
            }
            else
            {
                errors.Add("severity", "Use general or major.");
            }
        }

        if (limit is < 1 or > 1000)
        {
            errors.Add("limit", "Use 1 to 1000.");
        }

        if (offset is < 0)
        {
            errors.Add("offset", "Must not be negative.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var now = clock.GetUtcNow();
        var query = reader.Visible(viewer);
        if (!string.IsNullOrEmpty(state))
        {
            query = query.Where(f => f.State == state);
        }

        if (!string.IsNullOrEmpty(owner))
        {
            query = query.Where(f => f.Owner!.UserName == owner);
        }

        if (!string.IsNullOrEmpty(zone))
        {
            query = query.Where(f => f.Zone!.Key == zone);
        }

        if (grade is not null)
        {
            query = query.Where(f => f.Severity == grade);
        }

        if (overdue == true)
        {
            query = query.Where(f => f.ClosedAt == null && f.DueAt < now);
        }
        else if (overdue == false)
        {
            query = query.Where(f => f.ClosedAt != null || f.DueAt >= now);
        }

        query = query.OrderBy(f => f.DueAt).ThenBy(f => f.Id).Skip(offset ?? 0).Take(limit ?? 200);
        return TypedResults.Ok(await reader.ShapeAsync(query, viewer, WorkflowViews.Language(context), cancellationToken));
    }

    public static async Task<Results<Ok<FindingView>, NotFound>> Get(
        Guid id,
        HttpContext context,
        FindingReader reader,
        ViewerFactory viewers,
        CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var found = await reader.ShapeAsync(reader.Visible(viewer).Where(f => f.Id == id), viewer, WorkflowViews.Language(context), cancellationToken);
        return found.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(found[0]);
    }
}
