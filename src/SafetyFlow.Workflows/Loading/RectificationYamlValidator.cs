using FluentValidation;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Workflows.Loading;

/// <summary>The rules the rectification workflow file must satisfy.</summary>
internal sealed class RectificationYamlValidator : AbstractValidator<RectificationYaml>
{
    public RectificationYamlValidator(string expectedId)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.Id)
            .NotEmpty().WithMessage("is required")
            .Must(Vocabulary.IsKebabCase).WithMessage("must be kebab-case, e.g. rectification")
            .Equal(expectedId).WithMessage($"must equal the file name without extension ('{expectedId}')");
        RuleFor(x => x.Title).NotNull().WithMessage("is required").SetValidator(LocalizedTextYamlValidator.Instance!);

        RuleFor(x => x.States).NotEmpty().WithMessage("must list at least one state");
        RuleForEach(x => x.States).Cascade(CascadeMode.Continue).SetValidator((root, _) => new StateYamlValidator(root));
        RuleFor(x => x.InitialState)
            .NotEmpty().WithMessage("is required")
            .Must((root, s) => root.HasState(s)).WithMessage((_, s) => $"names no state listed in states: '{s}'");
        RuleFor(x => x.FixedOnSpotState)
            .NotEmpty().WithMessage("is required")
            .Must((root, s) => root.HasState(s)).WithMessage((_, s) => $"names no state listed in states: '{s}'");
        RuleFor(x => x.FinalStates).NotEmpty().WithMessage("must name at least one final state");
        RuleForEach(x => x.FinalStates).Cascade(CascadeMode.Continue)
            .Must((root, s) => root.HasState(s)).WithMessage((_, s) => $"names no state listed in states: '{s}'");

        RuleFor(x => x.Transitions)
            .NotEmpty().WithMessage("must list at least one transition")
            .Must(t => MissingTriggers(t!).Count == 0)
            .WithMessage((_, t) => $"must define the triggers the runtime fires; missing: {string.Join(", ", MissingTriggers(t!))}");
        RuleForEach(x => x.Transitions).Cascade(CascadeMode.Continue).SetValidator((root, _) => new TransitionYamlValidator(root));

        RuleFor(x => x.Deadlines).NotNull().WithMessage("is required").SetValidator(new DeadlinesYamlValidator()!);

        RuleFor(x => x.Ladder).NotEmpty().WithMessage("must list at least one escalation step");
        RuleForEach(x => x.Ladder).Cascade(CascadeMode.Continue).SetValidator((root, _) => new EscalationStepYamlValidator(root));

        RuleFor(x => x.Extensions).NotNull().WithMessage("is required").SetValidator(new ExtensionsYamlValidator()!);
        RuleFor(x => x.Repeats).SetValidator(new RepeatsYamlValidator()!);
        RuleFor(x => x.Raise).SetValidator(new RaiseYamlValidator()!);
    }

    private static List<string> MissingTriggers(List<TransitionYaml> transitions) =>
        [.. RectificationTriggers.All.Where(trigger => !transitions.Any(t => t.Trigger == trigger))];
}

/// <summary>A state needs a unique name and must be reachable and able to finish.</summary>
internal sealed class StateYamlValidator : AbstractValidator<StateYaml>
{
    public StateYamlValidator(RectificationYaml root)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.Name)
            .NotEmpty().WithMessage("is required")
            .Must(Vocabulary.IsIdentifier).WithMessage("must be a single word of letters and digits, e.g. FixSubmitted")
            .Must((state, name) => root.States!.First(s => s.Name == name) == state)
            .WithMessage((_, name) => $"state '{name}' is listed twice")
            .Must(name => !root.IsGraphComplete() || root.ReachableStates().Contains(name!))
            .WithMessage((_, name) => $"state '{name}' cannot be reached from the initial state '{root.InitialState}'")
            .Must(name => !root.IsGraphComplete() || root.FinalStates is not { Count: > 0 } || root.StatesThatCanFinish().Contains(name!))
            .WithMessage((_, name) => $"state '{name}' has no path to a final state");
        RuleFor(x => x.Title).NotNull().WithMessage("is required").SetValidator(LocalizedTextYamlValidator.Instance!);
    }
}

/// <summary>A transition joins known states, names known roles and guards, and is not ambiguous.</summary>
internal sealed class TransitionYamlValidator : AbstractValidator<TransitionYaml>
{
    public TransitionYamlValidator(RectificationYaml root)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.Trigger)
            .NotEmpty().WithMessage("is required")
            .Must(Vocabulary.IsIdentifier).WithMessage("must be a single word of letters and digits, e.g. approveExtension")
            .Must((t, trigger) => root.Transitions!.First(o => o.Trigger == trigger && o.From == t.From) == t)
            .WithMessage((t, trigger) => $"trigger '{trigger}' from state '{t.From}' is defined twice");
        RuleFor(x => x.From)
            .NotEmpty().WithMessage("is required")
            .Must(root.HasState).WithMessage((_, s) => $"names no state listed in states: '{s}'");
        RuleFor(x => x.To)
            .NotEmpty().WithMessage("is required")
            .Must(root.HasState).WithMessage((_, s) => $"names no state listed in states: '{s}'");
        RuleFor(x => x.Roles).NotEmpty().WithMessage("must name at least one role");
        RuleForEach(x => x.Roles).Cascade(CascadeMode.Continue)
            .Must(Vocabulary.IsName<Role>).WithMessage((_, r) => $"unknown role '{r}'; expected one of: {Vocabulary.Names<Role>()}");
        RuleForEach(x => x.Guards).Cascade(CascadeMode.Continue)
            .Must(Vocabulary.IsName<Guard>).WithMessage((_, g) => $"unknown guard '{g}'; expected one of: {Vocabulary.Names<Guard>()}");
        RuleForEach(x => x.Notify).Cascade(CascadeMode.Continue).SetValidator(NotifyYamlValidator.Instance);
    }
}

/// <summary>A message names a kind the runtime has texts for and at least one known audience.</summary>
internal sealed class NotifyYamlValidator : AbstractValidator<NotifyYaml>
{
    public static NotifyYamlValidator Instance { get; } = new();

    private NotifyYamlValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.Kind)
            .NotEmpty().WithMessage("is required")
            .Must(k => MessageKinds.ForFindings.Contains(k!))
            .WithMessage((_, k) => $"unknown message kind '{k}'; expected one of: {string.Join(", ", MessageKinds.ForFindings)}");
        RuleFor(x => x.Audiences).NotEmpty().WithMessage("must name at least one audience");
        RuleForEach(x => x.Audiences).Cascade(CascadeMode.Continue)
            .Must(Vocabulary.IsName<Audience>).WithMessage((_, a) => $"unknown audience '{a}'; expected one of: {Vocabulary.Names<Audience>()}");
    }
}

/// <summary>The messages sent on raising follow the same rules as a transition's.</summary>
internal sealed class RaiseYamlValidator : AbstractValidator<RaiseYaml>
{
    public RaiseYamlValidator()
    {
        RuleForEach(x => x.Notify).SetValidator(NotifyYamlValidator.Instance);
        RuleForEach(x => x.FixedOnSpot).SetValidator(NotifyYamlValidator.Instance);
    }
}

/// <summary>Both severities need a deadline policy.</summary>
internal sealed class DeadlinesYamlValidator : AbstractValidator<DeadlinesYaml>
{
    public DeadlinesYamlValidator()
    {
        var policy = new DeadlinePolicyYamlValidator();
        RuleFor(x => x.General).NotNull().WithMessage("is required").SetValidator(policy!);
        RuleFor(x => x.Major).NotNull().WithMessage("is required").SetValidator(policy!);
    }
}

/// <summary>A deadline policy needs a positive deadline and explicit flags.</summary>
internal sealed class DeadlinePolicyYamlValidator : AbstractValidator<DeadlinePolicyYaml>
{
    public DeadlinePolicyYamlValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.FixWithin)
            .NotNull().WithMessage("is required")
            .Must(d => d > TimeSpan.Zero).WithMessage("must be a positive duration");
        RuleFor(x => x.FiveFixesRequired).NotNull().WithMessage("is required (true or false)");
        RuleFor(x => x.FixOnSpotAllowed).NotNull().WithMessage("is required (true or false)");
        RuleForEach(x => x.NotifyOnRaise).Cascade(CascadeMode.Continue)
            .Must(Vocabulary.IsName<Audience>).WithMessage((_, a) => $"unknown audience '{a}'; expected one of: {Vocabulary.Names<Audience>()}");
    }
}

/// <summary>Ladder steps climb: levels never go down, each step fires later than the one before.</summary>
internal sealed class EscalationStepYamlValidator : AbstractValidator<EscalationStepYaml>
{
    public EscalationStepYamlValidator(RectificationYaml root)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.Level)
            .NotNull().WithMessage("is required")
            .GreaterThanOrEqualTo(0).WithMessage("must be 0 or more")
            .Must((step, level) => Previous(root, step)?.Level is not { } before || level >= before)
            .WithMessage(step => $"must not be lower than the step before ({Previous(root, step)!.Level})");
        RuleFor(x => x.Offset)
            .NotNull().WithMessage("is required")
            .Must((step, offset) => Previous(root, step)?.Offset is not { } before || offset > before)
            .WithMessage(step => $"must be later than the step before ({System.Xml.XmlConvert.ToString(Previous(root, step)!.Offset!.Value)})");
        RuleFor(x => x.Notify).NotEmpty().WithMessage("must name at least one audience");
        RuleForEach(x => x.Notify).Cascade(CascadeMode.Continue)
            .Must(Vocabulary.IsName<Audience>).WithMessage((_, a) => $"unknown audience '{a}'; expected one of: {Vocabulary.Names<Audience>()}");
        RuleFor(x => x.Title).NotNull().WithMessage("is required").SetValidator(LocalizedTextYamlValidator.Instance!);
    }

    private static EscalationStepYaml? Previous(RectificationYaml root, EscalationStepYaml step)
    {
        var index = root.Ladder!.IndexOf(step);
        return index > 0 ? root.Ladder[index - 1] : null;
    }
}

/// <summary>Extension limits must make sense.</summary>
internal sealed class ExtensionsYamlValidator : AbstractValidator<ExtensionsYaml>
{
    public ExtensionsYamlValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.MaxRequests)
            .NotNull().WithMessage("is required")
            .GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
        RuleFor(x => x.MaxExtension)
            .NotNull().WithMessage("is required")
            .Must(d => d > TimeSpan.Zero).WithMessage("must be a positive duration");
    }
}

/// <summary>A repeat rule needs a positive window, a known scope and an explicit flag.</summary>
internal sealed class RepeatsYamlValidator : AbstractValidator<RepeatsYaml>
{
    public RepeatsYamlValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.Window)
            .NotNull().WithMessage("is required")
            .Must(d => d > TimeSpan.Zero).WithMessage("must be a positive duration");
        RuleFor(x => x.Scope)
            .NotEmpty().WithMessage("is required")
            .Must(s => Vocabulary.RepeatScopes.ContainsKey(s!))
            .WithMessage((_, s) => $"unknown scope '{s}'; expected one of: {string.Join(", ", Vocabulary.RepeatScopes.Keys.Order(StringComparer.Ordinal))}");
        RuleFor(x => x.RaiseSeverity).NotNull().WithMessage("is required (true or false)");
    }
}
