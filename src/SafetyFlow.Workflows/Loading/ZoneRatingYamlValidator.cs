using FluentValidation;

namespace SafetyFlow.Workflows.Loading;

/// <summary>The rules the zone rating file must satisfy.</summary>
internal sealed class ZoneRatingYamlValidator : AbstractValidator<ZoneRatingYaml>
{
    public ZoneRatingYamlValidator(string expectedId)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.Id)
            .NotEmpty().WithMessage("is required")
            .Must(Vocabulary.IsKebabCase).WithMessage("must be kebab-case, e.g. zone-rating")
            .Equal(expectedId).WithMessage($"must equal the file name without extension ('{expectedId}')");
        RuleFor(x => x.Title).NotNull().WithMessage("is required").SetValidator(LocalizedTextYamlValidator.Instance!);
        RuleFor(x => x.Weights).NotNull().WithMessage("is required").SetValidator(new RatingWeightsYamlValidator()!)
            .Must(w => w!.Total > 0).WithMessage("at least one weight must be positive");
        RuleFor(x => x.SeverityWeights).NotNull().WithMessage("is required").SetValidator(new SeverityWeightsYamlValidator()!);
        RuleFor(x => x.Penalties).NotNull().WithMessage("is required").SetValidator(new RatingPenaltiesYamlValidator()!);
        RuleFor(x => x.Stars)
            .Must(s => s is { Count: 5 }).WithMessage("must list exactly five thresholds, for one to five stars");
        RuleForEach(x => x.Stars).Cascade(CascadeMode.Continue).SetValidator((root, _) => new StarThresholdYamlValidator(root));
    }
}

/// <summary>Weights are not negative and at least one counts.</summary>
internal sealed class RatingWeightsYamlValidator : AbstractValidator<RatingWeightsYaml>
{
    public RatingWeightsYamlValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.InspectionsOnTime).NotNull().WithMessage("is required").GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
        RuleFor(x => x.Findings).NotNull().WithMessage("is required").GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
        RuleFor(x => x.OnTimeClosure).NotNull().WithMessage("is required").GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
        RuleFor(x => x.Repeats).NotNull().WithMessage("is required").GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
        RuleFor(x => x.Rejections).NotNull().WithMessage("is required").GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
    }
}

/// <summary>Both severities need a weight.</summary>
internal sealed class SeverityWeightsYamlValidator : AbstractValidator<SeverityWeightsYaml>
{
    public SeverityWeightsYamlValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.General).NotNull().WithMessage("is required").GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
        RuleFor(x => x.Major).NotNull().WithMessage("is required").GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
    }
}

/// <summary>Penalties are not negative.</summary>
internal sealed class RatingPenaltiesYamlValidator : AbstractValidator<RatingPenaltiesYaml>
{
    public RatingPenaltiesYamlValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.PerWeightedFinding).NotNull().WithMessage("is required").GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
        RuleFor(x => x.PerRepeat).NotNull().WithMessage("is required").GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
        RuleFor(x => x.PerRejection).NotNull().WithMessage("is required").GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
    }
}

/// <summary>Thresholds run one star to five in order, starting at 0 and rising.</summary>
internal sealed class StarThresholdYamlValidator : AbstractValidator<StarThresholdYaml>
{
    public StarThresholdYamlValidator(ZoneRatingYaml root)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.Stars)
            .NotNull().WithMessage("is required")
            .Must((t, stars) => stars == root.Stars!.IndexOf(t) + 1)
            .WithMessage(t => $"must be {root.Stars!.IndexOf(t) + 1}: thresholds are listed from one star to five");
        RuleFor(x => x.MinScore)
            .NotNull().WithMessage("is required")
            .InclusiveBetween(0, 100).WithMessage("must be between 0 and 100")
            .Must((t, score) => root.Stars!.IndexOf(t) != 0 || score == 0).WithMessage("must be 0 for one star, so that every score earns a rating")
            .Must((t, score) => Previous(root, t)?.MinScore is not { } before || score > before)
            .WithMessage(t => $"must be higher than the threshold for {root.Stars!.IndexOf(t)} stars ({Previous(root, t)!.MinScore})");
    }

    private static StarThresholdYaml? Previous(ZoneRatingYaml root, StarThresholdYaml threshold)
    {
        var index = root.Stars!.IndexOf(threshold);
        return index > 0 ? root.Stars[index - 1] : null;
    }
}
