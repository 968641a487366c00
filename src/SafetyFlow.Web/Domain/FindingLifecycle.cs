using SafetyFlow.Workflows.Model;
using Stateless;

namespace SafetyFlow.Web.Domain;

/// <summary>
/// Evaluates the finding lifecycle of one rectification definition with Stateless. The machine is built around the
/// finding's stored state for each evaluation: Stateless decides whether a trigger may fire, the database holds the truth.
/// </summary>
public sealed class FindingLifecycle(RectificationWorkflow definition)
{
    private const string RoleGuard = "Role";

    public RectificationWorkflow Definition { get; } = definition;

    /// <summary>The state the trigger leads to; throws when it may not fire now or not by this actor.</summary>
    public string Evaluate(Finding finding, string trigger, FindingActor actor)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(actor);
        var machine = Build(finding.State, transition => Guards(transition, finding, actor));

        if (!machine.CanFire(trigger, out var unmet))
        {
            // Stateless gives no list at all when the state has no transition for the trigger.
            if (unmet is null || unmet.Count == 0)
            {
                throw new DomainException($"A finding in state {finding.State} cannot take the action '{trigger}'.");
            }

            throw RefusalFor(unmet.First(), trigger, finding);
        }

        machine.Fire(trigger);
        return machine.State;
    }

    /// <summary>The triggers this actor may fire on this finding now.</summary>
    public IReadOnlyList<string> PermittedTriggers(Finding finding, FindingActor actor)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var machine = Build(finding.State, transition => Guards(transition, finding, actor));
        return [.. Definition.TransitionsFrom(finding.State).Select(t => t.Trigger).Distinct().Where(machine.CanFire)];
    }

    /// <summary>The lifecycle as a Mermaid state diagram with the definition's own names: every transition labelled with its trigger.</summary>
    public string ToMermaid() => Mermaid(state => state, trigger => trigger);

    /// <summary>
    /// The lifecycle as a Mermaid state diagram in a language: the states by their titles (待验收, Fix submitted), and
    /// every transition, self-loops included, labelled with what the action is called in the pages' history (提交整改,
    /// Extension requested). The state ids stay only as the diagram's internal names.
    /// </summary>
    public string ToMermaid(string language) => Mermaid(
        state => Definition.States.FirstOrDefault(s => s.Name == state)?.Title.For(language) ?? state,
        trigger => Infrastructure.Ui.ActionIn(trigger, language));

    /// <summary>
    /// The diagram, one edge per pair of states: the transitions between the same two states (the self-loops on Open)
    /// share an edge with all their labels, as Mermaid would otherwise draw their labels on top of each other.
    /// </summary>
    private string Mermaid(Func<string, string> stateLabel, Func<string, string> triggerLabel)
    {
        // Left to right: the labels of the two edges between Open and FixSubmitted then sit above and below each other.
        var text = new System.Text.StringBuilder("stateDiagram-v2\n    direction LR\n");
        foreach (var state in Definition.States)
        {
            var label = stateLabel(state.Name);
            if (label != state.Name)
            {
                text.Append("    state \"").Append(label.Replace("\"", "'", StringComparison.Ordinal)).Append("\" as ").Append(state.Name).Append('\n');
            }
        }

        text.Append("    [*] --> ").Append(Definition.InitialState).Append('\n');
        foreach (var edge in Definition.Transitions.GroupBy(t => (t.From, t.To)))
        {
            var labels = string.Join(" / ", edge.Select(t => triggerLabel(t.Trigger)).Distinct());
            text.Append("    ").Append(edge.Key.From).Append(" --> ").Append(edge.Key.To).Append(" : ").Append(labels.Replace(":", " ", StringComparison.Ordinal)).Append('\n');
        }

        foreach (var final in Definition.FinalStates)
        {
            text.Append("    ").Append(final).Append(" --> [*]\n");
        }

        return text.ToString();
    }

    private StateMachine<string, string> Build(
        string currentState,
        Func<TransitionDefinition, Tuple<Func<bool>, string>[]> guardsFor)
    {
        var machine = new StateMachine<string, string>(currentState);
        foreach (var transition in Definition.Transitions)
        {
            var guards = guardsFor(transition);
            var state = machine.Configure(transition.From);
            if (transition.IsInternal)
            {
                state.PermitReentryIf(transition.Trigger, guards);
            }
            else
            {
                state.PermitIf(transition.Trigger, transition.To, guards);
            }
        }

        return machine;
    }

    private Tuple<Func<bool>, string>[] Guards(TransitionDefinition transition, Finding finding, FindingActor actor)
    {
        var guards = new List<Tuple<Func<bool>, string>>
        {
            Tuple.Create<Func<bool>, string>(() => transition.Roles.Any(actor.Roles.Contains), RoleGuard),
        };
        guards.AddRange(Effective(transition).Select(g => Tuple.Create<Func<bool>, string>(() => Holds(g, finding, actor), g.ToString())));
        return [.. guards];
    }

    /// <summary>
    /// The transition's guards, and the one no definition may leave out: nobody decides their own extension request.
    /// Findings raised under a definition written before the rule was stated keep to it too.
    /// </summary>
    private static IEnumerable<Guard> Effective(TransitionDefinition transition) =>
        transition.Guards.Contains(Guard.ExtensionPending) && !transition.Guards.Contains(Guard.NotRequester)
            ? transition.Guards.Append(Guard.NotRequester)
            : transition.Guards;

    private bool Holds(Guard guard, Finding finding, FindingActor actor) => guard switch
    {
        Guard.IsOwner => finding.OwnerId == actor.UserId,
        Guard.SupervisesZone => actor.SupervisesZone,
        Guard.NotFixer => finding.FixedById != actor.UserId,
        Guard.NotRaiser => finding.RaisedById != actor.UserId,
        Guard.FiveFixesRecorded => !Definition.Deadlines[finding.Severity].FiveFixesRequired || finding.FiveFixes is not null,
        Guard.ExtensionAvailable => finding.PendingExtension is null && finding.ExtensionRequests < Definition.Extensions.MaxRequests,
        Guard.ExtensionPending => finding.PendingExtension is not null,
        Guard.NotRequester => finding.PendingExtension?.RequestedById != actor.UserId,
        _ => false,
    };

    private Exception RefusalFor(string guard, string trigger, Finding finding) => guard switch
    {
        RoleGuard => new ForbiddenActionException($"Your roles do not allow the action '{trigger}'."),
        nameof(Guard.IsOwner) => new ForbiddenActionException("Only the finding's owner may do this."),
        nameof(Guard.SupervisesZone) => new ForbiddenActionException("Only a supervisor over the finding's zone may do this."),
        nameof(Guard.NotFixer) => new ForbiddenActionException("Separation of duties: you submitted this fix, so someone else must decide on it."),
        nameof(Guard.NotRaiser) => new ForbiddenActionException("Separation of duties: you raised this finding, so someone else must accept its fix."),
        nameof(Guard.FiveFixesRecorded) => new DomainException("A major finding needs its five fixes (measures, funds, responsible person, deadline, contingency plan) recorded before a fix is submitted."),
        nameof(Guard.ExtensionAvailable) => finding.PendingExtension is not null
            ? new DomainException("An extension request is already waiting for a decision.") { TextKey = "extension.alreadyWaiting" }
            : new DomainException($"No further extension may be requested for this finding: at most {Definition.Extensions.MaxRequests} per finding.")
            {
                TextKey = "extension.noMore",
                TextValues = [Definition.Extensions.MaxRequests],
            },
        nameof(Guard.ExtensionPending) => new DomainException("There is no extension request waiting for a decision."),
        nameof(Guard.NotRequester) => new ForbiddenActionException("Separation of duties: you asked for this extension, so someone else must decide on it."),
        _ => new DomainException($"The action '{trigger}' is not allowed now."),
    };
}
