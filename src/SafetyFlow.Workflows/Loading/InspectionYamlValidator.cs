using FluentValidation;

namespace SafetyFlow.Workflows.Loading;

/// <summary>The rules an inspection workflow file must satisfy on its own (rules across files are the loader's).</summary>
internal sealed class InspectionYamlValidator : AbstractValidator<InspectionYaml>
{
    public InspectionYamlValidator(string expectedId)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.Id)
            .NotEmpty().WithMessage("is required")
            .Must(Vocabulary.IsKebabCase).WithMessage("must be kebab-case, e.g. weekly-extinguisher-check")
            .Equal(expectedId).WithMessage($"must equal the file name without extension ('{expectedId}')");
        RuleFor(x => x.Title).NotNull().WithMessage("is required").SetValidator(LocalizedTextYamlValidator.Instance!);
        RuleFor(x => x.AssetType)
            .NotEmpty().WithMessage("is required")
            .Must(t => AssetTypes.All.Contains(t!))
            .WithMessage((_, t) => $"unknown asset type '{t}'; expected one of: {string.Join(", ", AssetTypes.All)}");
        RuleFor(x => x.Schedule).NotNull().WithMessage("is required").SetValidator(new ScheduleYamlValidator()!);
        RuleFor(x => x.Items).NotEmpty().WithMessage("must list at least one item");
        RuleForEach(x => x.Items).Cascade(CascadeMode.Continue).SetValidator((root, _) => new ChecklistItemYamlValidator(root));
    }
}

/// <summary>A visit window must fit inside the allowed part of the day, on at least one day.</summary>
internal sealed class ScheduleYamlValidator : AbstractValidator<ScheduleYaml>
{
    public ScheduleYamlValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.Days).NotEmpty().WithMessage("must name at least one day");
        RuleForEach(x => x.Days).Cascade(CascadeMode.Continue)
            .Must(d => d is not null && Vocabulary.Days.ContainsKey(d))
            .WithMessage((_, d) => $"unknown day '{d}'; expected one of: {string.Join(", ", Vocabulary.DayNames)}")
            .Must((schedule, d) => schedule.Days!.IndexOf(d) == schedule.Days.LastIndexOf(d))
            .WithMessage((_, d) => $"day '{d}' is listed twice");
        RuleFor(x => x.EarliestStart).NotNull().WithMessage("is required");
        RuleFor(x => x.LatestEnd).NotNull().WithMessage("is required");
        RuleFor(x => x.WindowLength)
            .NotNull().WithMessage("is required")
            .Must(w => w > TimeSpan.Zero).WithMessage("must be a positive duration")
            .Must((s, w) => s.EarliestStart is null || s.LatestEnd is null || s.EarliestStart.Value.ToTimeSpan() + w <= s.LatestEnd.Value.ToTimeSpan())
            .WithMessage(s => $"a window starting at earliestStart ({s.EarliestStart:HH:mm}) must end by latestEnd ({s.LatestEnd:HH:mm})");
    }
}

/// <summary>The rules for one checklist item; needs the whole file to check that its id is unique.</summary>
internal sealed class ChecklistItemYamlValidator : AbstractValidator<ChecklistItemYaml>
{
    public ChecklistItemYamlValidator(InspectionYaml root)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.ItemId)
            .NotEmpty().WithMessage("is required")
            .Must(Vocabulary.IsKebabCase).WithMessage("must be kebab-case, e.g. gauge-green")
            .Must((item, id) => FirstWithId(root, id!) == item)
            .WithMessage((_, id) => $"duplicate item id '{id}': items[{root.Items!.IndexOf(FirstWithId(root, id!))}] already uses it");
        RuleFor(x => x.Text).NotNull().WithMessage("is required").SetValidator(LocalizedTextYamlValidator.Instance!);
        RuleFor(x => x.Kind)
            .NotEmpty().WithMessage("is required")
            .Must(k => Vocabulary.ItemKinds.ContainsKey(k!)).WithMessage((_, k) => $"unknown item kind '{k}'; expected check or reading");
        RuleFor(x => x.Severity)
            .NotEmpty().WithMessage("is required")
            .Must(s => Vocabulary.Severities.ContainsKey(s!)).WithMessage((_, s) => $"unknown severity '{s}'; expected general or major");
        RuleFor(x => x.Reference).NotEmpty().WithMessage("must name the standard clause behind the item");
        RuleFor(x => x.Per)
            .Must(p => p is null || Vocabulary.ItemScopes.ContainsKey(p))
            .WithMessage((_, p) => $"unknown value '{p}'; expected asset (asked of each asset, the default) or zone (asked once per zone visit)");
        RuleFor(x => x.AppliesTo)
            .Null().WithMessage("an item asked once per zone applies to no asset; drop appliesTo or make the item per: asset").When(x => x.Per == "zone")
            .SetValidator(new AssetConditionYamlValidator()!);

        When(x => x.Kind == "reading", () =>
        {
            RuleFor(x => x.Unit).NotEmpty().WithMessage("a reading needs a unit, e.g. MPa or °C");
            RuleFor(x => x.Min)
                .Must((item, min) => min is not null || item.Max is not null)
                .WithMessage("a reading needs a min, a max or both");
            RuleFor(x => x.Max)
                .Must((item, max) => item.Min is null || max is null || item.Min < max)
                .WithMessage(item => $"must be greater than min ({item.Min})");
        });
        When(x => x.Kind == "check", () =>
        {
            RuleFor(x => x.Unit).Null().WithMessage("a check has no unit; make the item a reading");
            RuleFor(x => x.Min).Null().WithMessage("a check has no limits; make the item a reading");
            RuleFor(x => x.Max).Null().WithMessage("a check has no limits; make the item a reading");
        });
    }

    private static ChecklistItemYaml FirstWithId(InspectionYaml root, string id) => root.Items!.First(i => i.ItemId == id);
}

/// <summary>An <c>appliesTo</c> names one asset attribute and at least one value of it.</summary>
internal sealed class AssetConditionYamlValidator : AbstractValidator<AssetConditionYaml>
{
    public AssetConditionYamlValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.Attribute)
            .NotEmpty().WithMessage("is required: the asset attribute to look at, e.g. storage")
            .Must(Vocabulary.IsIdentifier).WithMessage("must be an attribute name such as storage (letters and digits)");
        RuleFor(x => x.Values).NotEmpty().WithMessage("must list at least one value, e.g. [fridge]");
        RuleForEach(x => x.Values).Cascade(CascadeMode.Continue)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("must not be empty");
    }
}
