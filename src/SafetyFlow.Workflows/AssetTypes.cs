using System.Collections.Immutable;

namespace SafetyFlow.Workflows;

/// <summary>The asset types an inspection workflow may cover; each has at most one inspection workflow.</summary>
public static class AssetTypes
{
    /// <summary>Fire extinguishers.</summary>
    public const string Extinguisher = "extinguisher";

    /// <summary>Fire hydrants and hose cabinets.</summary>
    public const string Hydrant = "hydrant";

    /// <summary>Distribution boards and the electrical installation of an area.</summary>
    public const string Electrical = "electrical";

    /// <summary>Canteen kitchens (food safety).</summary>
    public const string Kitchen = "kitchen";

    /// <summary>Every asset type, in the order they are usually shown.</summary>
    public static ImmutableArray<string> All { get; } = [Extinguisher, Hydrant, Electrical, Kitchen];
}
