namespace SafetyFlow.Workflows.Model;

/// <summary>What a workflow definition describes.</summary>
public enum WorkflowKind
{
    /// <summary>A weekly checklist for one asset type.</summary>
    Inspection,

    /// <summary>The lifecycle of a finding from raised to closed.</summary>
    Rectification,

    /// <summary>The monthly zone rating: score components, their weights and the star thresholds.</summary>
    ZoneRating,
}

/// <summary>Where a failing item counts as the same hazard coming back.</summary>
public enum RepeatScope
{
    /// <summary>The same checklist item failing again anywhere in the same zone.</summary>
    Zone,

    /// <summary>The same checklist item failing again on the same asset.</summary>
    Asset,
}

/// <summary>Hazard grade of a finding (一般隐患 / 重大隐患).</summary>
public enum Severity
{
    /// <summary>Can be fixed by the owner's own unit.</summary>
    General,

    /// <summary>Risk of serious harm, or needs money or outside help.</summary>
    Major,
}

/// <summary>How often a checklist item is asked in one inspection.</summary>
public enum ItemScope
{
    /// <summary>For each asset of the checklist's type in the zone (the default).</summary>
    Asset,

    /// <summary>Once per zone visit, whatever the zone's assets.</summary>
    Zone,
}

/// <summary>How a checklist item is answered.</summary>
public enum ItemKind
{
    /// <summary>Pass, fail or not applicable.</summary>
    Check,

    /// <summary>A measured value with limits that decide pass or fail.</summary>
    Reading,
}

/// <summary>The five roles a person can hold.</summary>
public enum Role
{
    /// <summary>Inspects own zones weekly and raises findings.</summary>
    Member,

    /// <summary>Fixes findings on own assets.</summary>
    Owner,

    /// <summary>Accepts or rejects fixes in own unit and its sub-units.</summary>
    Supervisor,

    /// <summary>Sees everything, audits, receives escalations.</summary>
    SafetyOffice,

    /// <summary>Manages the organisation and operates the system.</summary>
    Admin,
}

/// <summary>Who is told of a finding: when it is raised, at a transition, or at an escalation step.</summary>
public enum Audience
{
    /// <summary>The finding's owner.</summary>
    Owner,

    /// <summary>The person who raised the finding.</summary>
    Raiser,

    /// <summary>The person who submitted the latest fix; nobody before a fix was submitted.</summary>
    Fixer,

    /// <summary>The supervisors of the unit that holds the finding's zone (nearest unit up the tree that has any).</summary>
    Supervisor,

    /// <summary>Everyone with the SafetyOffice role.</summary>
    SafetyOffice,

    /// <summary>The supervisors of the top unit of the zone's unit tree (the company's leadership).</summary>
    Leadership,

    /// <summary>Everyone with the Admin role.</summary>
    Admin,
}

/// <summary>A condition that must hold before a transition may fire.</summary>
public enum Guard
{
    /// <summary>The actor is the finding's owner.</summary>
    IsOwner,

    /// <summary>The actor supervises the finding's zone (its unit or an ancestor unit).</summary>
    SupervisesZone,

    /// <summary>The actor did not submit the fix being decided (separation of duties).</summary>
    NotFixer,

    /// <summary>The actor did not raise the finding (separation of duties).</summary>
    NotRaiser,

    /// <summary>For a major finding, the five fixes (五定) are recorded.</summary>
    FiveFixesRecorded,

    /// <summary>The owner has not yet used the extension requests the definition allows.</summary>
    ExtensionAvailable,

    /// <summary>An extension request is waiting for a decision.</summary>
    ExtensionPending,

    /// <summary>The actor did not ask for the extension being decided (separation of duties).</summary>
    NotRequester,
}
