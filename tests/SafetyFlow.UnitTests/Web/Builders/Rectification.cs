using SafetyFlow.UnitTests.Workflows;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.UnitTests.Web.Builders;

/// <summary>The repo's own workflows/rectification.yaml, loaded once, as the runtime evaluates it.</summary>
internal static class Rectification
{
    public static FindingLifecycle Lifecycle { get; } = new(WorkflowLoader.LoadFolder(WorkflowFolder.RepoWorkflows).Rectification);

    public static RectificationWorkflow Definition => Lifecycle.Definition;
}
