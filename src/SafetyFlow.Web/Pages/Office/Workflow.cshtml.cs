using Microsoft.AspNetCore.Mvc.RazorPages;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Pages.Office;

/// <summary>
/// The rectification workflow drawn from its definition, the same Mermaid text <c>GET /api/workflows/rectification</c> gives,
/// and who is told at each step, as the definition's raise messages, transition <c>notify</c> lists and ladder say.
/// </summary>
public sealed class WorkflowModel(WorkflowRegistry workflows, Ui ui) : PageModel
{
    public string Title { get; private set; } = "";

    public int Version { get; private set; }

    public string Diagram { get; private set; } = "";

    public IReadOnlyList<ToldRow> Told { get; private set; } = [];

    public void OnGet()
    {
        var lifecycle = workflows.CurrentLifecycle;
        var definition = lifecycle.Definition;
        var language = WebApp.Language(HttpContext);
        Title = definition.Title.For(language);
        Version = workflows.VersionOf(definition);
        Diagram = lifecycle.ToMermaid(language);

        var rows = new List<ToldRow>();
        rows.AddRange(Rows(ui.Action("raise"), definition.Raise.Notify, language));
        foreach (var (severity, policy) in definition.Deadlines.OrderBy(d => d.Key))
        {
            var when = $"{ui.Action("raise")} · {ui["severity." + severity.ToString().ToLowerInvariant()]}";
            rows.AddRange(Rows(when, policy.NotifyOnRaise.IsEmpty ? [] : [new NotifyRule(NotificationTexts.Raised, policy.NotifyOnRaise)], language));
        }

        rows.AddRange(Rows(ui.Action("raiseFixedOnSpot"), definition.Raise.FixedOnSpot, language));
        foreach (var transition in definition.Transitions)
        {
            rows.AddRange(Rows(ui.Action(transition.Trigger), transition.Notify, language));
        }

        foreach (var step in definition.Ladder)
        {
            var kind = step.Level == 0 ? NotificationTexts.Reminder : NotificationTexts.Escalated;
            rows.AddRange(Rows(step.Title.For(language), [new NotifyRule(kind, step.Notify)], language));
        }

        Told = rows;
    }

    private IEnumerable<ToldRow> Rows(string when, IReadOnlyCollection<NotifyRule> messages, string language) =>
        messages.Count == 0
            ? [new ToldRow(when, "", ui["workflow.nobody"])]
            : messages.Select(m => new ToldRow(
                when,
                NotificationTexts.Title(m.Kind, language),
                string.Join(ui["common.listSeparator"], m.Audiences.Select(a => ui["audience." + a]))));
}

/// <summary>One line of the "who is told" table: when, which message, to whom.</summary>
public sealed record ToldRow(string When, string Message, string Audiences);
