using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Seeder;

/// <summary>
/// Writes the notifications and outbox rows a finding's events send, as the app's notifier would (audiences from the
/// lifecycle definition, texts from <see cref="NotificationTexts"/> in each recipient's language), but from the
/// organisation held in memory instead of a query per recipient. The outbox rows are written as already processed.
/// </summary>
public sealed class Telling(BenchOrg org, WorkflowCatalog catalog, WorkCalendar calendar)
{
    public int Notifications { get; private set; }

    /// <summary>Where the rows go until the batch is saved.</summary>
    public NotificationRows Rows { get; } = new();

    /// <summary>Takes the events the finding raised so far and holds the messages they send until the batch is saved.</summary>
    public void Tell(Finding finding, BenchZone zone)
    {
        var lifecycle = catalog.Rectification;
        foreach (var happened in finding.TakeEvents())
        {
            switch (happened)
            {
                case FindingRaised raised:
                    Send(finding, zone, lifecycle.Raise.Notify, raised.At, null);
                    Add(finding, zone, NotificationTexts.Raised, lifecycle.Deadlines[finding.Severity].NotifyOnRaise, raised.At, null, null);
                    if (finding.FixedOnSpot)
                    {
                        Send(finding, zone, lifecycle.Raise.FixedOnSpot, raised.At, finding.Note);
                    }

                    break;
                case FindingTransitioned transition:
                    Send(finding, zone, lifecycle.Transition(transition.Trigger, transition.From)?.Notify ?? [], transition.At, transition.Detail);
                    break;
                case LadderStepFired fired:
                    var kind = fired.Step.Level == 0 ? NotificationTexts.Reminder : NotificationTexts.Escalated;
                    Add(finding, zone, kind, fired.Step.Notify, fired.At, null, fired.Step);
                    break;
            }
        }
    }

    private void Send(Finding finding, BenchZone zone, IEnumerable<NotifyRule> messages, DateTimeOffset at, string? detail)
    {
        foreach (var kind in messages.GroupBy(m => m.Kind, StringComparer.Ordinal))
        {
            Add(finding, zone, kind.Key, kind.SelectMany(m => m.Audiences), at, detail, null);
        }
    }

    private void Add(Finding finding, BenchZone zone, string kind, IEnumerable<Audience> audiences, DateTimeOffset at, string? detail, EscalationStep? step)
    {
        var recipients = audiences.Distinct().SelectMany(a => Resolve(finding, zone, a)).ToHashSet();
        if (recipients.Count == 0)
        {
            return;
        }

        var asset = zone.AssetsByType[finding.Category].First(a => a.Id == finding.AssetId);
        var item = (catalog.Find(finding.WorkflowId) as InspectionWorkflow)?.FindItem(finding.ItemId)?.Text ?? new LocalizedText(finding.ItemId, finding.ItemId);
        var facts = new FindingFacts(finding.Id, finding.Severity, item, asset.Name, zone.Zone.Name, calendar.ToLocal(finding.DueAt), at - finding.DueAt);
        foreach (var recipient in recipients)
        {
            var notification = new Notification
            {
                RecipientId = recipient,
                At = at,
                Kind = kind,
                FindingId = finding.Id,
                Text = NotificationTexts.Render(kind, org.People[recipient].Language, facts, detail, step),
            };
            Rows.Add(notification, new OutboxMessage { NotificationId = notification.Id, CreatedAt = at, ProcessedAt = at.AddMinutes(1), Attempts = 1 });
            Notifications++;
        }
    }

    private IEnumerable<Guid> Resolve(Finding finding, BenchZone zone, Audience audience) => audience switch
    {
        Audience.Owner => [finding.OwnerId],
        Audience.Raiser => [finding.RaisedById],
        Audience.Fixer => finding.FixedById is { } fixer ? [fixer] : [],
        Audience.Supervisor => [zone.Supervisor.Id],
        Audience.Leadership => [org.Leader.Id],
        Audience.SafetyOffice => org.SafetyOffice.Select(p => p.Id),
        _ => [],
    };
}
