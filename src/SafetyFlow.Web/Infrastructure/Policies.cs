namespace SafetyFlow.Web.Infrastructure;

/// <summary>Authorization policies by role.</summary>
public static class Policies
{
    public const string Admin = nameof(Admin);
    public const string SafetyOfficeOrAdmin = nameof(SafetyOfficeOrAdmin);

    /// <summary>Those who read reports: the safety office, admins, and supervisors (scoped to their units).</summary>
    public const string Auditors = nameof(Auditors);
}
