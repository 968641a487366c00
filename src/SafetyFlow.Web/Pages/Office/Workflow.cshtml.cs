using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Pages.Office;

/// <summary>The rectification workflow drawn from its definition, the same Mermaid text <c>GET /api/workflows/rectification</c> gives.</summary>
public sealed class WorkflowModel(WorkflowRegistry workflows) : PageModel
{
    public string Title { get; private set; } = "";

    public int Version { get; private set; }

    public string Diagram { get; private set; } = "";

    public void OnGet()
    {
        var lifecycle = workflows.CurrentLifecycle;
        Title = lifecycle.Definition.Title.For(WebApp.Language(HttpContext));
        Version = workflows.VersionOf(lifecycle.Definition);
        Diagram = lifecycle.ToMermaid();
    }
}
