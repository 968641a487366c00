using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Workflows;

public sealed record WorkflowSummary(string Id, int Version, string Title, string Kind, string? AssetType, string ContentHash);

public sealed record ChecklistItemView(
    string ItemId,
    string Text,
    string Kind,
    string? Unit,
    decimal? Min,
    decimal? Max,
    string Severity,
    string Reference,
    bool ReferenceUnverified,
    LocalizedText Texts,
    string Per = "asset",
    AssetConditionView? AppliesTo = null);

/// <summary>An item asked per asset applies only to assets whose <paramref name="Attribute"/> is one of <paramref name="Values"/>.</summary>
public sealed record AssetConditionView(string Attribute, IReadOnlyList<string> Values);

public sealed record InspectionWorkflowView(
    string Id,
    int Version,
    string Title,
    string Kind,
    string AssetType,
    string ContentHash,
    VisitScheduleView Schedule,
    IReadOnlyList<ChecklistItemView> Items);

public sealed record VisitScheduleView(IReadOnlyList<string> Days, string EarliestStart, string LatestEnd, string WindowLength);

public sealed record RectificationWorkflowView(
    string Id,
    int Version,
    string Title,
    string Kind,
    string ContentHash,
    string InitialState,
    IReadOnlyList<string> States,
    IReadOnlyList<string> FinalStates,
    IReadOnlyList<TransitionView> Transitions,
    IReadOnlyDictionary<string, DeadlineView> Deadlines,
    IReadOnlyList<LadderStepView> Ladder,
    ExtensionView Extensions,
    RepeatView? Repeats,
    RaiseView Raise,
    string Diagram);

public sealed record RepeatView(string Window, string Scope, bool RaiseSeverity);

public sealed record ZoneRatingWorkflowView(
    string Id,
    int Version,
    string Title,
    string Kind,
    string ContentHash,
    RatingWeights Weights,
    IReadOnlyDictionary<string, decimal> SeverityWeights,
    RatingPenalties Penalties,
    IReadOnlyList<StarThreshold> Stars);

public sealed record TransitionView(string Trigger, string From, string To, IReadOnlyList<string> Roles, IReadOnlyList<string> Guards, IReadOnlyList<NotifyView> Notify);

/// <summary>One message a definition sends: its kind and the audiences told.</summary>
public sealed record NotifyView(string Kind, IReadOnlyList<string> Audiences)
{
    public static NotifyView[] From(IEnumerable<NotifyRule> rules) => [.. rules.Select(r => new NotifyView(r.Kind, [.. r.Audiences.Select(a => a.ToString())]))];
}

/// <summary>The messages sent when a finding is raised, and also when it was fixed on the spot.</summary>
public sealed record RaiseView(IReadOnlyList<NotifyView> Notify, IReadOnlyList<NotifyView> FixedOnSpot);

public sealed record DeadlineView(string FixWithin, bool FiveFixesRequired, bool FixOnSpotAllowed, IReadOnlyList<string> NotifyOnRaise);

public sealed record LadderStepView(int Level, string Offset, IReadOnlyList<string> Notify, bool Supervised, string Title);

public sealed record ExtensionView(int MaxRequests, string MaxExtension);

internal static class WorkflowViews
{
    public static string Language(HttpContext context) => Infrastructure.WebApp.Language(context);

    public static string Camel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

    public static string Duration(TimeSpan span) => System.Xml.XmlConvert.ToString(span);

    public static ChecklistItemView Item(ChecklistItem item, string language) => new(
        item.ItemId,
        item.Text.For(language),
        Camel(item.Kind.ToString()),
        item.Unit,
        item.Min,
        item.Max,
        Camel(item.Severity.ToString()),
        item.Reference,
        item.ReferenceUnverified,
        item.Text,
        Camel(item.Per.ToString()),
        item.AppliesTo is { } condition ? new AssetConditionView(condition.Attribute, condition.Values) : null);
}

public static class WorkflowEndpoints
{
    public static IEndpointRouteBuilder MapWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/workflows").WithTags("Workflows").RequireAuthorization();
        group.MapGet("/", List).WithName("ListWorkflows").WithSummary("The workflow definitions in force.");
        group.MapGet("/{id}", Get).WithName("GetWorkflow").WithSummary("One definition: checklist items, the lifecycle with its diagram, or the zone rating.");
        return app;
    }

    private static Ok<WorkflowSummary[]> List(WorkflowRegistry registry, HttpContext context)
    {
        var language = WorkflowViews.Language(context);
        return TypedResults.Ok(registry.Current.All
            .Select(d => new WorkflowSummary(
                d.Id,
                registry.VersionOf(d),
                d.Title.For(language),
                WorkflowViews.Camel(d.Kind.ToString()),
                (d as InspectionWorkflow)?.AssetType,
                d.ContentHash))
            .ToArray());
    }

    private static Results<Ok<InspectionWorkflowView>, Ok<RectificationWorkflowView>, Ok<ZoneRatingWorkflowView>, NotFound> Get(string id, WorkflowRegistry registry, HttpContext context)
    {
        var language = WorkflowViews.Language(context);
        switch (registry.Current.Find(id))
        {
            case InspectionWorkflow inspection:
                return TypedResults.Ok(new InspectionWorkflowView(
                    inspection.Id,
                    registry.VersionOf(inspection),
                    inspection.Title.For(language),
                    "inspection",
                    inspection.AssetType,
                    inspection.ContentHash,
                    new VisitScheduleView(
                        [.. inspection.Schedule.Days.Select(d => d.ToString())],
                        inspection.Schedule.EarliestStart.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                        inspection.Schedule.LatestEnd.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                        WorkflowViews.Duration(inspection.Schedule.WindowLength)),
                    [.. inspection.Items.Select(i => WorkflowViews.Item(i, language))]));
            case RectificationWorkflow rectification:
                return TypedResults.Ok(new RectificationWorkflowView(
                    rectification.Id,
                    registry.VersionOf(rectification),
                    rectification.Title.For(language),
                    "rectification",
                    rectification.ContentHash,
                    rectification.InitialState,
                    [.. rectification.States.Select(s => s.Name)],
                    rectification.FinalStates,
                    [.. rectification.Transitions.Select(t => new TransitionView(
                        t.Trigger, t.From, t.To, [.. t.Roles.Select(r => r.ToString())], [.. t.Guards.Select(g => g.ToString())], NotifyView.From(t.Notify)))],
                    rectification.Deadlines.ToDictionary(
                        d => WorkflowViews.Camel(d.Key.ToString()),
                        d => new DeadlineView(
                            WorkflowViews.Duration(d.Value.FixWithin),
                            d.Value.FiveFixesRequired,
                            d.Value.FixOnSpotAllowed,
                            [.. d.Value.NotifyOnRaise.Select(a => a.ToString())])),
                    [.. rectification.Ladder.Select(s => new LadderStepView(
                        s.Level, WorkflowViews.Duration(s.Offset), [.. s.Notify.Select(a => a.ToString())], s.Supervised, s.Title.For(language)))],
                    new ExtensionView(rectification.Extensions.MaxRequests, WorkflowViews.Duration(rectification.Extensions.MaxExtension)),
                    rectification.Repeats is { } repeats
                        ? new RepeatView(WorkflowViews.Duration(repeats.Window), WorkflowViews.Camel(repeats.Scope.ToString()), repeats.RaiseSeverity)
                        : null,
                    new RaiseView(NotifyView.From(rectification.Raise.Notify), NotifyView.From(rectification.Raise.FixedOnSpot)),
                    registry.LifecycleFor(rectification.ContentHash).ToMermaid(language)));
            case ZoneRatingDefinition rating:
                return TypedResults.Ok(new ZoneRatingWorkflowView(
                    rating.Id,
                    registry.VersionOf(rating),
                    rating.Title.For(language),
                    "zoneRating",
                    rating.ContentHash,
                    rating.Weights,
                    rating.SeverityWeights.ToDictionary(w => WorkflowViews.Camel(w.Key.ToString()), w => w.Value),
                    rating.Penalties,
                    rating.Stars));
            default:
                return TypedResults.NotFound();
        }
    }
}
