using SafetyFlow.Web.Domain;
using SafetyFlow.Workflows;

namespace SafetyFlow.Seeder;

/// <summary>The definitions the history runs on (the app's, as loaded at its start) and the organisation it happens in.</summary>
public sealed record Catalogs(WorkflowCatalog Catalog, FindingLifecycle Lifecycle, BenchOrg Org);
