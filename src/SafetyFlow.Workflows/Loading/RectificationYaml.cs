using System.Collections.Immutable;
using SafetyFlow.Workflows.Model;
using YamlDotNet.RepresentationModel;

namespace SafetyFlow.Workflows.Loading;

/// <summary>The YAML shape of the rectification workflow file, before validation.</summary>
internal sealed class RectificationYaml
{
    public static FieldMap<RectificationYaml> Fields { get; } = new()
    {
        ["id"] = (t, r, n, p) => t.Id = r.Text(n, p),
        ["kind"] = (t, r, n, p) => t.Kind = r.Text(n, p),
        ["title"] = (t, r, n, p) => t.Title = LocalizedTextYaml.Read(r, n, p),
        ["states"] = (t, r, n, p) => t.States = r.Sequence(n, p, (e, ep) => StateYaml.Read(r, e, ep)),
        ["initialState"] = (t, r, n, p) => t.InitialState = r.Text(n, p),
        ["fixedOnSpotState"] = (t, r, n, p) => t.FixedOnSpotState = r.Text(n, p),
        ["finalStates"] = (t, r, n, p) => t.FinalStates = r.Sequence(n, p, r.Text),
        ["transitions"] = (t, r, n, p) => t.Transitions = r.Sequence(n, p, (e, ep) => TransitionYaml.Read(r, e, ep)),
        ["deadlines"] = (t, r, n, p) => t.Deadlines = DeadlinesYaml.Read(r, n, p),
        ["ladder"] = (t, r, n, p) => t.Ladder = r.Sequence(n, p, (e, ep) => EscalationStepYaml.Read(r, e, ep)),
        ["extensions"] = (t, r, n, p) => t.Extensions = ExtensionsYaml.Read(r, n, p),
        ["repeats"] = (t, r, n, p) => t.Repeats = RepeatsYaml.Read(r, n, p),
        ["raise"] = (t, r, n, p) => t.Raise = RaiseYaml.Read(r, n, p),
    };

    public string? Id { get; set; }

    public string? Kind { get; set; }

    public LocalizedTextYaml? Title { get; set; }

    public List<StateYaml>? States { get; set; }

    public string? InitialState { get; set; }

    public string? FixedOnSpotState { get; set; }

    public List<string?>? FinalStates { get; set; }

    public List<TransitionYaml>? Transitions { get; set; }

    public DeadlinesYaml? Deadlines { get; set; }

    public List<EscalationStepYaml>? Ladder { get; set; }

    public ExtensionsYaml? Extensions { get; set; }

    public RepeatsYaml? Repeats { get; set; }

    public RaiseYaml? Raise { get; set; }

    public static RectificationYaml Read(YamlFieldReader reader, YamlNode node) =>
        reader.Mapping(node, string.Empty, new RectificationYaml(), Fields);

    public bool HasState(string? name) => name is not null && States is not null && States.Any(s => s.Name == name);

    /// <summary>True when every transition and the initial state name listed states, so that the state graph can be walked.</summary>
    public bool IsGraphComplete() =>
        HasState(InitialState) && (Transitions ?? []).All(t => HasState(t.From) && HasState(t.To));

    /// <summary>The states a finding can reach from where findings start (the initial and the fixed-on-the-spot state).</summary>
    public HashSet<string> ReachableStates()
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var start in new[] { InitialState, FixedOnSpotState })
        {
            if (HasState(start) && reached.Add(start!))
            {
                queue.Enqueue(start!);
            }
        }

        while (queue.TryDequeue(out var state))
        {
            foreach (var transition in Transitions ?? [])
            {
                if (transition.From == state && HasState(transition.To) && reached.Add(transition.To!))
                {
                    queue.Enqueue(transition.To!);
                }
            }
        }

        return reached;
    }

    /// <summary>The states from which some final state can be reached.</summary>
    public HashSet<string> StatesThatCanFinish()
    {
        var finishing = new HashSet<string>((FinalStates ?? []).OfType<string>(), StringComparer.Ordinal);
        bool grew;
        do
        {
            grew = false;
            foreach (var transition in Transitions ?? [])
            {
                if (transition.From is not null && transition.To is not null && finishing.Contains(transition.To))
                {
                    grew |= finishing.Add(transition.From);
                }
            }
        }
        while (grew);

        return finishing;
    }

    /// <summary>Builds the model; call only after validation passed.</summary>
    public RectificationWorkflow ToModel(DefinitionOrigin origin) => new()
    {
        Id = Id!,
        Title = Title!.ToModel(),
        SourceFile = origin.SourceFile,
        ContentHash = origin.ContentHash,
        Source = origin.Source,
        InitialState = InitialState!,
        FixedOnSpotState = FixedOnSpotState!,
        FinalStates = [.. FinalStates!.Select(s => s!)],
        States = [.. States!.Select(s => new StateDefinition(s.Name!, s.Title!.ToModel()))],
        Transitions = [.. Transitions!.Select(t => t.ToModel())],
        Deadlines = ImmutableDictionary.CreateRange(
        [
            KeyValuePair.Create(Severity.General, Deadlines!.General!.ToModel()),
            KeyValuePair.Create(Severity.Major, Deadlines.Major!.ToModel()),
        ]),
        Ladder = [.. Ladder!.Select(s => s.ToModel())],
        Extensions = new ExtensionPolicy(Extensions!.MaxRequests.GetValueOrDefault(), Extensions.MaxExtension.GetValueOrDefault()),
        Repeats = Repeats?.ToModel(),
        Raise = Raise?.ToModel() ?? RaiseNotifications.Nobody,
    };
}

/// <summary>The YAML shape of a state.</summary>
internal sealed class StateYaml
{
    public static FieldMap<StateYaml> Fields { get; } = new()
    {
        ["name"] = (t, r, n, p) => t.Name = r.Text(n, p),
        ["title"] = (t, r, n, p) => t.Title = LocalizedTextYaml.Read(r, n, p),
    };

    public string? Name { get; set; }

    public LocalizedTextYaml? Title { get; set; }

    public static StateYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new StateYaml(), Fields);
}

/// <summary>The YAML shape of a transition.</summary>
internal sealed class TransitionYaml
{
    public static FieldMap<TransitionYaml> Fields { get; } = new()
    {
        ["trigger"] = (t, r, n, p) => t.Trigger = r.Text(n, p),
        ["from"] = (t, r, n, p) => t.From = r.Text(n, p),
        ["to"] = (t, r, n, p) => t.To = r.Text(n, p),
        ["roles"] = (t, r, n, p) => t.Roles = r.Sequence(n, p, r.Text),
        ["guards"] = (t, r, n, p) => t.Guards = r.Sequence(n, p, r.Text),
        ["notify"] = (t, r, n, p) => t.Notify = NotifyYaml.ReadList(r, n, p),
    };

    public string? Trigger { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    public List<string?>? Roles { get; set; }

    public List<string?>? Guards { get; set; }

    public List<NotifyYaml>? Notify { get; set; }

    public static TransitionYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new TransitionYaml(), Fields);

    public TransitionDefinition ToModel() => new()
    {
        Trigger = Trigger!,
        From = From!,
        To = To!,
        Roles = [.. Roles!.Select(r => Vocabulary.ToEnum<Role>(r!))],
        Guards = [.. (Guards ?? []).Select(g => Vocabulary.ToEnum<Guard>(g!))],
        Notify = NotifyYaml.ToModel(Notify),
    };
}

/// <summary>The YAML shape of the deadline rules: one policy per severity.</summary>
internal sealed class DeadlinesYaml
{
    public static FieldMap<DeadlinesYaml> Fields { get; } = new()
    {
        ["general"] = (t, r, n, p) => t.General = DeadlinePolicyYaml.Read(r, n, p),
        ["major"] = (t, r, n, p) => t.Major = DeadlinePolicyYaml.Read(r, n, p),
    };

    public DeadlinePolicyYaml? General { get; set; }

    public DeadlinePolicyYaml? Major { get; set; }

    public static DeadlinesYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new DeadlinesYaml(), Fields);
}

/// <summary>The YAML shape of one severity's deadline rule.</summary>
internal sealed class DeadlinePolicyYaml
{
    public static FieldMap<DeadlinePolicyYaml> Fields { get; } = new()
    {
        ["fixWithin"] = (t, r, n, p) => t.FixWithin = r.Duration(n, p),
        ["fiveFixesRequired"] = (t, r, n, p) => t.FiveFixesRequired = r.Flag(n, p),
        ["fixOnSpotAllowed"] = (t, r, n, p) => t.FixOnSpotAllowed = r.Flag(n, p),
        ["notifyOnRaise"] = (t, r, n, p) => t.NotifyOnRaise = r.Sequence(n, p, r.Text),
    };

    public TimeSpan? FixWithin { get; set; }

    public bool? FiveFixesRequired { get; set; }

    public bool? FixOnSpotAllowed { get; set; }

    public List<string?>? NotifyOnRaise { get; set; }

    public static DeadlinePolicyYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new DeadlinePolicyYaml(), Fields);

    public DeadlinePolicy ToModel() => new()
    {
        FixWithin = FixWithin.GetValueOrDefault(),
        FiveFixesRequired = FiveFixesRequired.GetValueOrDefault(),
        FixOnSpotAllowed = FixOnSpotAllowed.GetValueOrDefault(),
        NotifyOnRaise = [.. (NotifyOnRaise ?? []).Select(a => Vocabulary.ToEnum<Audience>(a!))],
    };
}

/// <summary>The YAML shape of one rung of the escalation ladder.</summary>
internal sealed class EscalationStepYaml
{
    public static FieldMap<EscalationStepYaml> Fields { get; } = new()
    {
        ["level"] = (t, r, n, p) => t.Level = r.WholeNumber(n, p),
        ["offset"] = (t, r, n, p) => t.Offset = r.Duration(n, p),
        ["notify"] = (t, r, n, p) => t.Notify = r.Sequence(n, p, r.Text),
        ["supervised"] = (t, r, n, p) => t.Supervised = r.Flag(n, p),
        ["title"] = (t, r, n, p) => t.Title = LocalizedTextYaml.Read(r, n, p),
    };

    public int? Level { get; set; }

    public TimeSpan? Offset { get; set; }

    public List<string?>? Notify { get; set; }

    public bool? Supervised { get; set; }

    public LocalizedTextYaml? Title { get; set; }

    public static EscalationStepYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new EscalationStepYaml(), Fields);

    public EscalationStep ToModel() => new()
    {
        Level = Level.GetValueOrDefault(),
        Offset = Offset.GetValueOrDefault(),
        Notify = [.. Notify!.Select(a => Vocabulary.ToEnum<Audience>(a!))],
        Supervised = Supervised ?? false,
        Title = Title!.ToModel(),
    };
}

/// <summary>The YAML shape of the extension rules.</summary>
internal sealed class ExtensionsYaml
{
    public static FieldMap<ExtensionsYaml> Fields { get; } = new()
    {
        ["maxRequests"] = (t, r, n, p) => t.MaxRequests = r.WholeNumber(n, p),
        ["maxExtension"] = (t, r, n, p) => t.MaxExtension = r.Duration(n, p),
    };

    public int? MaxRequests { get; set; }

    public TimeSpan? MaxExtension { get; set; }

    public static ExtensionsYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new ExtensionsYaml(), Fields);
}

/// <summary>The YAML shape of the repeat rule.</summary>
internal sealed class RepeatsYaml
{
    public static FieldMap<RepeatsYaml> Fields { get; } = new()
    {
        ["window"] = (t, r, n, p) => t.Window = r.Duration(n, p),
        ["scope"] = (t, r, n, p) => t.Scope = r.Text(n, p),
        ["raiseSeverity"] = (t, r, n, p) => t.RaiseSeverity = r.Flag(n, p),
    };

    public TimeSpan? Window { get; set; }

    public string? Scope { get; set; }

    public bool? RaiseSeverity { get; set; }

    public static RepeatsYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new RepeatsYaml(), Fields);

    public RepeatPolicy ToModel() => new(Window.GetValueOrDefault(), Vocabulary.RepeatScopes[Scope!], RaiseSeverity.GetValueOrDefault());
}

/// <summary>The YAML shape of one message: its kind and who is told.</summary>
internal sealed class NotifyYaml
{
    public static FieldMap<NotifyYaml> Fields { get; } = new()
    {
        ["kind"] = (t, r, n, p) => t.Kind = r.Text(n, p),
        ["audiences"] = (t, r, n, p) => t.Audiences = r.Sequence(n, p, r.Text),
    };

    public string? Kind { get; set; }

    public List<string?>? Audiences { get; set; }

    public static List<NotifyYaml> ReadList(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Sequence(node, path, (e, ep) => reader.Mapping(e, ep, new NotifyYaml(), Fields));

    public static ImmutableArray<NotifyRule> ToModel(List<NotifyYaml>? messages) =>
        [.. (messages ?? []).Select(m => new NotifyRule(m.Kind!, [.. m.Audiences!.Select(a => Vocabulary.ToEnum<Audience>(a!))]))];
}

/// <summary>The YAML shape of the messages sent when a finding is raised.</summary>
internal sealed class RaiseYaml
{
    public static FieldMap<RaiseYaml> Fields { get; } = new()
    {
        ["notify"] = (t, r, n, p) => t.Notify = NotifyYaml.ReadList(r, n, p),
        ["fixedOnSpot"] = (t, r, n, p) => t.FixedOnSpot = NotifyYaml.ReadList(r, n, p),
    };

    public List<NotifyYaml>? Notify { get; set; }

    public List<NotifyYaml>? FixedOnSpot { get; set; }

    public static RaiseYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new RaiseYaml(), Fields);

    public RaiseNotifications ToModel() => new(NotifyYaml.ToModel(Notify), NotifyYaml.ToModel(FixedOnSpot));
}
