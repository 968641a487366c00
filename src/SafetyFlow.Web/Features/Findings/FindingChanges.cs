using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>One lifecycle action applied to a loaded finding by the person acting, at the given instant.</summary>
public delegate void FindingChange(Finding finding, FindingLifecycle lifecycle, FindingActor actor, DateTimeOffset now);

/// <summary>
/// What every lifecycle action does around its entity method: finds the finding among those the viewer may see (so a
/// finding outside the viewer's scope is not found, whatever its state, before anything else is said about it), runs the
/// change, which asks the lifecycle, and saves it; the notifications its definition lists follow from the change as it
/// is saved, in the same transaction. A refusal by the lifecycle is <see cref="Failure.Forbidden"/> (the wrong person)
/// or <see cref="Failure.Conflict"/> (the wrong state); a save that lost a race is a conflict too.
/// </summary>
public sealed class FindingChanges(SafetyFlowDbContext db, WorkflowRegistry workflows, FindingReader reader, TimeProvider clock, IStringLocalizer<FindingChanges> texts)
{
    public const string WrongStateTitle = "Not allowed in the current state";
    public const string ChangedMeanwhileTitle = "The record changed meanwhile";

    public async Task<Result<FindingView>> ApplyAsync(Guid id, Viewer viewer, string language, FindingChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(change);
        var finding = await db.Findings.VisibleTo(viewer, db.Zones).Include(f => f.Zone).SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (finding is null)
        {
            return new Failure.NotFound();
        }

        try
        {
            change(finding, workflows.LifecycleFor(finding.LifecycleHash), viewer.ActorOn(finding, finding.Zone!.UnitId), clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ForbiddenActionException e)
        {
            return new Failure.Forbidden(e.Message);
        }
        catch (DomainException e) when (e.Field is not null)
        {
            return new Failure.Invalid(new Dictionary<string, string[]> { [e.Field] = [TextOf(e)] });
        }
        catch (DomainException e)
        {
            return new Failure.Conflict(WrongStateTitle, TextOf(e));
        }
        catch (DbUpdateException e) when (e.IsConflict())
        {
            return new Failure.Conflict(ChangedMeanwhileTitle, "Someone else changed this record at the same time. Reload it and try again.");
        }

        var view = await reader.ShapeAsync(db.Findings.Where(f => f.Id == id), viewer, language, cancellationToken);
        return view[0];
    }

    /// <summary>A refusal in the request's language where it has one; English (its message) for the API.</summary>
    private string TextOf(DomainException refusal) =>
        refusal.TextKey is { } key ? texts[key, [.. refusal.TextValues]].Value : refusal.Message;
}

internal static class FindingTextRules
{
    /// <summary>Text a person types: PostgreSQL cannot store the NUL character, so it is refused on every database alike.</summary>
    public static IRuleBuilderOptions<T, string?> WithoutNul<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => text is null || !text.Contains('\0', StringComparison.Ordinal)).WithMessage(NulCharacters.Message);
}
