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
    VisitWindow? VisitWindow,
    InspectionVisit? Visit = null);

/// <summary>
/// The visit as the member and those above see it: <paramref name="State"/> is <c>upcoming</c>, <c>open</c>, <c>missed</c>
/// or <c>submitted</c>; <paramref name="Timing"/> (<c>early</c>, <c>inWindow</c>, <c>late</c>) once submitted;
/// <paramref name="ArrivedAt"/> the scan of the zone sign that shows it was done on site, <paramref name="ArrivedByPhoneTime"/>
/// when that scan was sent later with the phone's time; <paramref name="FinishedOnPhoneAt"/>, for a checklist finished
/// without a connection and sent later, when the phone finished it (by its clock): the timing follows that time.
/// </summary>
public sealed record InspectionVisit(
    string State, string? Timing, bool OnSite, DateTimeOffset? ArrivedAt, bool ArrivedByPhoneTime, DateTimeOffset? FinishedOnPhoneAt = null)
{
    public static InspectionVisit Of(Inspection inspection, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        return new(
            VisitWindows.Text(VisitWindows.StateAt(inspection.VisitWindowStart, inspection.VisitWindowEnd, inspection.SubmittedAt, now)),
            inspection.Timing is { } timing ? VisitWindows.Text(timing) : null,
            inspection.ArrivedAt is not null,
            inspection.ArrivedAt,
            inspection.ArrivedByPhoneTime,
            inspection.SentLater ? inspection.CompletedAt : null);
    }
}

/// <summary>
/// What is asked of one asset, by key and name; for the items asked once per zone visit, <paramref name="Asset"/> is
/// null and <paramref name="AssetName"/> is the zone's name.
/// </summary>
public sealed record InspectionTargetView(string? Asset, string AssetName, IReadOnlyList<ChecklistItemView> Items);

/// <summary>One stored answer; <paramref name="Asset"/> is null for an item asked once per zone visit.</summary>
public sealed record InspectionResultView(string? Asset, string ItemId, string Outcome, decimal? Value, string? Note);

/// <summary>
/// One inspection with its checklist; <paramref name="CompletedAt"/> is the phone's time when the member finished the
/// checklist, as the phone sent it, and <paramref name="SubmittedAt"/> when the server received it.
/// </summary>
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
    IReadOnlyList<InspectionResultView> Results,
    InspectionVisit? Visit = null,
    DateTimeOffset? CompletedAt = null);

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
