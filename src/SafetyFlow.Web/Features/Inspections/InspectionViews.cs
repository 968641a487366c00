using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Workflows;

namespace SafetyFlow.Web.Features.Inspections;

public sealed record VisitWindow(DateTimeOffset Start, DateTimeOffset End);

public sealed record InspectionSummary(
    Guid Id,
    string WorkflowId,
    string Zone,
    string ZoneName,
    string Week,
    DateTimeOffset DueAt,
    string Status,
    VisitWindow? VisitWindow);

public sealed record InspectionTargetView(string Asset, string AssetName, IReadOnlyList<ChecklistItemView> Items);

public sealed record InspectionResultView(string Asset, string ItemId, string Outcome, decimal? Value, string? Note);

public sealed record InspectionDetail(
    Guid Id,
    string WorkflowId,
    string Title,
    string Zone,
    string ZoneName,
    string Member,
    string Week,
    DateTimeOffset DueAt,
    string Status,
    VisitWindow? VisitWindow,
    DateTimeOffset? SubmittedAt,
    IReadOnlyList<InspectionTargetView> Targets,
    IReadOnlyList<InspectionResultView> Results);

internal static class InspectionText
{
    public static string Status(InspectionStatus status) => status switch
    {
        InspectionStatus.Due => "due",
        InspectionStatus.Overdue => "overdue",
        _ => "submitted",
    };

    public static string Outcome(ItemOutcome outcome) => outcome switch
    {
        ItemOutcome.Pass => "pass",
        ItemOutcome.Fail => "fail",
        _ => "na",
    };
}
