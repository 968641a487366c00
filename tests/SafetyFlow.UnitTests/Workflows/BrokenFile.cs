namespace SafetyFlow.UnitTests.Workflows;

/// <summary>One way to break a real definition file, and the error the loader must report for it.</summary>
/// <param name="File">The file in workflows/ to edit.</param>
/// <param name="Find">Text to replace (its first occurrence).</param>
/// <param name="Replacement">What to put there.</param>
/// <param name="LineMarker">Text on the line the error must name (its first occurrence after the edit).</param>
/// <param name="Field">The field path the error must name.</param>
/// <param name="Message">A fragment of the message.</param>
internal sealed record BrokenFile(string File, string Find, string Replacement, string LineMarker, string Field, string Message)
{
    public static IReadOnlyDictionary<string, BrokenFile> All { get; } = new Dictionary<string, BrokenFile>
    {
        ["duplicate item id"] = new(
            WorkflowFolder.Extinguisher, "itemId: accessible", "itemId: in-place", "itemId: in-place\n    text:\n      zh-CN: 灭火器前方",
            "items[1].itemId", "duplicate item id 'in-place': items[0] already uses it"),
        ["min not below max"] = new(
            WorkflowFolder.Extinguisher, "max: 1.4", "max: 0.9", "max: 0.9", "items[3].max", "must be greater than min (1.0)"),
        ["reading without limits"] = new(
            WorkflowFolder.Hydrant, "    min: 0.10\n", string.Empty, "itemId: static-pressure", "items[6].min", "a reading needs a min, a max or both"),
        ["check with a unit"] = new(
            WorkflowFolder.Hydrant, "kind: check", "kind: check\n    unit: MPa", "unit: MPa", "items[0].unit", "a check has no unit"),
        ["limit that is not a number"] = new(
            WorkflowFolder.FoodSafety, "max: 8", "max: eight", "max: eight", "items[2].max", "'eight' is not a number"),
        ["unknown role"] = new(
            WorkflowFolder.Rectification, "roles: [Owner]", "roles: [Janitor]", "roles: [Janitor]", "transitions[0].roles[0]", "unknown role 'Janitor'"),
        ["unknown guard"] = new(
            WorkflowFolder.Rectification, "guards: [IsOwner]", "guards: [IsBoss]", "guards: [IsBoss]", "transitions[6].guards[0]", "unknown guard 'IsBoss'"),
        ["unreachable state"] = new(
            WorkflowFolder.Rectification, "  - name: Closed", "  - name: Archived\n    title: { zh-CN: 已归档, en: Archived }\n  - name: Closed", "name: Archived",
            "states[2].name", "state 'Archived' cannot be reached from the initial state 'Open'"),
        ["transition to an unknown state"] = new(
            WorkflowFolder.Rectification, "to: Closed", "to: Done", "to: Done", "transitions[1].to", "names no state listed in states: 'Done'"),
        ["missing trigger the runtime fires"] = new(
            WorkflowFolder.Rectification, "trigger: reject", "trigger: refuse", "transitions:", "transitions", "missing: reject"),
        ["ladder out of order"] = new(
            WorkflowFolder.Rectification, "offset: P2D", "offset: -P2D", "offset: -P2D", "ladder[2].offset", "must be later than the step before"),
        ["ladder level going down"] = new(
            WorkflowFolder.Rectification, "level: 2", "level: 0", "level: 0\n    offset: P2D", "ladder[2].level", "must not be lower than the step before (1)"),
        ["negative duration"] = new(
            WorkflowFolder.Rectification, "fixWithin: P7D", "fixWithin: -P7D", "fixWithin: -P7D", "deadlines.general.fixWithin", "must be a positive duration"),
        ["duration that is not ISO 8601"] = new(
            WorkflowFolder.Rectification, "maxExtension: P14D", "maxExtension: 14 days", "maxExtension", "extensions.maxExtension", "is not an ISO 8601 duration"),
        ["missing deadline for major findings"] = new(
            WorkflowFolder.Rectification,
            "  major:\n    # 24 hours to make safe; the five fixes (五定) plan is required before a fix can be submitted.\n    fixWithin: PT24H\n"
                + "    fiveFixesRequired: true\n    fixOnSpotAllowed: false\n    notifyOnRaise: [SafetyOffice]\n",
            string.Empty, "deadlines:", "deadlines.major", "is required"),
        ["unknown per value"] = new(
            WorkflowFolder.FoodSafety, "    per: zone\n  - itemId: personal-hygiene", "    per: kitchen\n  - itemId: personal-hygiene", "per: kitchen",
            "items[0].per", "unknown value 'kitchen'; expected asset (asked of each asset, the default) or zone (asked once per zone visit)"),
        ["appliesTo on an item asked once per zone"] = new(
            WorkflowFolder.FoodSafety, "    per: zone\n", "    per: zone\n    appliesTo:\n      attribute: storage\n      values: [fridge]\n", "appliesTo:",
            "items[0].appliesTo", "an item asked once per zone applies to no asset"),
        ["appliesTo without values"] = new(
            WorkflowFolder.FoodSafety, "values: [fridge]", "values: []", "values: []", "items[2].appliesTo.values", "must list at least one value"),
        ["unknown key"] = new(
            WorkflowFolder.Extinguisher, "  - itemId: fullness", "  - itemId: fullness\n    colour: red", "colour: red", "items[8].colour", "unknown key 'colour'"),
        ["YAML syntax error"] = new(
            WorkflowFolder.Hydrant, "latestEnd: \"18:00\"", "latestEnd: \"18:00", "latestEnd", string.Empty, "YAML syntax error"),
        ["missing zh-CN text"] = new(
            WorkflowFolder.FoodSafety, "  zh-CN: 每周食堂食品安全检查\n", string.Empty, "title:", "title.zh-CN", "the Chinese (zh-CN) text must not be empty"),
        ["empty en text"] = new(
            WorkflowFolder.Electrical, "en: No scorch marks, burning smell or hot spots.", "en: \"\"", "en: \"\"", "items[5].text.en", "the English (en) text must not be empty"),
        ["unknown asset type"] = new(
            WorkflowFolder.Hydrant, "assetType: hydrant", "assetType: sprinkler", "assetType", "assetType", "unknown asset type 'sprinkler'"),
        ["id not matching the file name"] = new(
            WorkflowFolder.Electrical, "id: weekly-electrical-check", "id: weekly-wiring-check", "id: weekly-wiring-check", "id",
            "must equal the file name without extension ('weekly-electrical-check')"),
        ["unknown kind"] = new(
            WorkflowFolder.Electrical, "kind: inspection", "kind: audit", "kind: audit", "kind", "unknown kind 'audit'"),
        ["visit window past the end of the day"] = new(
            WorkflowFolder.Electrical, "windowLength: PT2H", "windowLength: PT11H", "windowLength", "schedule.windowLength",
            "a window starting at earliestStart (08:00) must end by latestEnd (18:00)"),
        ["unknown day"] = new(
            WorkflowFolder.Electrical, "days: [mon, tue", "days: [monday, tue", "days:", "schedule.days[0]", "unknown day 'monday'"),
        ["unknown repeat scope"] = new(
            WorkflowFolder.Rectification, "scope: zone", "scope: building", "scope: building", "repeats.scope", "unknown scope 'building'; expected one of: asset, zone"),
        ["repeat window that is not positive"] = new(
            WorkflowFolder.Rectification, "window: P90D", "window: -P90D", "window: -P90D", "repeats.window", "must be a positive duration"),
        ["unknown audience in a transition's notify list"] = new(
            WorkflowFolder.Rectification, "{ kind: fix.rejected, audiences: [Owner] }", "{ kind: fix.rejected, audiences: [Owner, Janitors] }", "Janitors",
            "transitions[2].notify[0].audiences[1]", "unknown audience 'Janitors'; expected one of: Owner, Raiser, Fixer, Supervisor, SafetyOffice, Leadership, Admin"),
        ["unknown message kind"] = new(
            WorkflowFolder.Rectification, "{ kind: fix.submitted, audiences: [Supervisor] }", "{ kind: fix.done, audiences: [Supervisor] }", "fix.done",
            "raise.fixedOnSpot[0].kind", "unknown message kind 'fix.done'; expected one of: finding.assigned, finding.raised, fix.submitted"),
        ["message told to nobody"] = new(
            WorkflowFolder.Rectification, "{ kind: extension.requested, audiences: [Supervisor] }", "{ kind: extension.requested, audiences: [] }",
            "kind: extension.requested", "transitions[3].notify[0].audiences", "must name at least one audience"),
        ["unknown audience on raising"] = new(
            WorkflowFolder.Rectification, "{ kind: finding.assigned, audiences: [Owner] }", "{ kind: finding.assigned, audiences: [Owners] }", "[Owners]",
            "raise.notify[0].audiences[0]", "unknown audience 'Owners'"),
        ["star thresholds out of order"] = new(
            WorkflowFolder.ZoneRating, "{ stars: 4, minScore: 85 }", "{ stars: 4, minScore: 70 }", "stars: 4, minScore: 70", "stars[3].minScore",
            "must be higher than the threshold for 3 stars (75)"),
        ["star thresholds skipping a count"] = new(
            WorkflowFolder.ZoneRating, "{ stars: 3, minScore: 75 }", "{ stars: 4, minScore: 75 }", "stars: 4, minScore: 75", "stars[2].stars",
            "must be 3: thresholds are listed from one star to five"),
        ["first star threshold above zero"] = new(
            WorkflowFolder.ZoneRating, "{ stars: 1, minScore: 0 }", "{ stars: 1, minScore: 10 }", "stars: 1, minScore: 10", "stars[0].minScore",
            "must be 0 for one star"),
        ["negative rating weight"] = new(
            WorkflowFolder.ZoneRating, "repeats: 10 ", "repeats: -10 ", "repeats: -10", "weights.repeats", "must be 0 or more"),
        ["rating weight that is not a number"] = new(
            WorkflowFolder.ZoneRating, "major: 5", "major: heavy", "major: heavy", "severityWeights.major", "'heavy' is not a number"),
    };
}
