using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Photos;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>
/// What waits for the viewer's decision: fixes to accept or reject and extension requests, each the ones due first
/// with how many wait in all, the states fixes wait in, and the shown fixes' photos.
/// </summary>
public sealed record Decisions(
    IReadOnlyList<FindingView> Fixes,
    int FixesWaiting,
    IReadOnlyList<string> FixStates,
    IReadOnlyList<FindingView> Extensions,
    int ExtensionsWaiting,
    IReadOnlyDictionary<Guid, FindingPhotoSet> Photos);

/// <summary>
/// The supervisor's queue: what the lifecycle lets the viewer decide now, separation of duties included. The database
/// finds the findings in the states where the lifecycle's definitions allow the viewer's roles a decision, counts them and gives the
/// <see cref="ReviewOptions.Shown"/> due first; the lifecycle then keeps those this viewer may decide. The safety office
/// sees a whole group's queue: tens of thousands of fixes after a few years, too many to shape or show. It takes no
/// input and cannot be refused, so it answers the queue directly.
/// </summary>
public sealed class PendingDecisions(FindingReader reader, FindingPhotos photos, WorkflowRegistry workflows, IOptions<ReviewOptions> options)
{
    public async Task<Decisions> HandleAsync(Viewer viewer, string language, CancellationToken cancellationToken)
    {
        var waiting = Waiting(viewer);
        var (fixes, fixesWaiting) = await QueueAsync(waiting.Fixes, viewer, language, [RectificationTriggers.Approve, RectificationTriggers.Reject], cancellationToken);
        var (extensions, extensionsWaiting) = await QueueAsync(waiting.Extensions, viewer, language, [RectificationTriggers.ApproveExtension], cancellationToken);
        return new Decisions(fixes, fixesWaiting, waiting.FixStates, extensions, extensionsWaiting, await photos.ForAsync(fixes, cancellationToken));
    }

    /// <summary>
    /// The open findings the viewer may be asked to decide on: fixes in the states where the lifecycle lets one of the
    /// viewer's roles accept or reject them, and extension requests likewise. The database answers both from the index
    /// on (ClosedAt, State, ZoneId): the open findings of those states, in the viewer's zones when the viewer supervises,
    /// whatever the number of findings closed long ago.
    /// </summary>
    internal WaitingDecisions Waiting(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var lifecycles = workflows.KnownLifecycles.ToList();
        var fixStates = StatesWith(lifecycles, viewer, RectificationTriggers.Approve, RectificationTriggers.Reject);
        var extensionStates = StatesWith(lifecycles, viewer, RectificationTriggers.ApproveExtension);
        var open = reader.Visible(viewer).Where(f => f.ClosedAt == null);
        return new WaitingDecisions(
            open.Where(f => fixStates.Contains(f.State)),
            fixStates,
            open.Where(f => extensionStates.Contains(f.State) && f.PendingExtension != null));
    }

    /// <summary>
    /// The first <see cref="ReviewOptions.Shown"/> of the waiting findings, due first. Their ids are chosen from the index
    /// alone and only those findings are read whole: chosen among whole findings (which EF Core reads through a union of
    /// the viewer's own and their zones' findings), SQLite walked every open finding in due order instead.
    /// </summary>
    internal IQueryable<Finding> DueFirst(IQueryable<Finding> waiting) =>
        reader.Chosen(waiting.OrderBy(f => f.DueAt).ThenBy(f => f.Id).Take(options.Value.Shown).Select(f => f.Id))
            .OrderBy(f => f.DueAt)
            .ThenBy(f => f.Id);

    /// <summary>The open findings waiting for the viewer's decision, and the states fixes wait in.</summary>
    internal sealed record WaitingDecisions(IQueryable<Finding> Fixes, List<string> FixStates, IQueryable<Finding> Extensions);

    /// <summary>The states of any known version of the lifecycle that one of the triggers leaves by a role the viewer has.</summary>
    private static List<string> StatesWith(List<FindingLifecycle> lifecycles, Viewer viewer, params string[] triggers) =>
        [.. lifecycles
            .SelectMany(l => l.Definition.Transitions)
            .Where(t => triggers.Contains(t.Trigger) && t.Roles.Any(viewer.Is))
            .Select(t => t.From)
            .Distinct()];

    private async Task<(List<FindingView> Shown, int Waiting)> QueueAsync(
        IQueryable<Finding> waiting, Viewer viewer, string language, string[] triggers, CancellationToken cancellationToken)
    {
        var count = await waiting.CountAsync(cancellationToken);
        var shaped = await reader.ShapeAsync(DueFirst(waiting), viewer, language, cancellationToken);
        return ([.. shaped.Where(f => triggers.Any(f.AllowedActions.Contains))], count);
    }
}
