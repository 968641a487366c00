using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Delivery;

/// <summary>What one delivery says, in one language, whatever the channel.</summary>
public sealed record DeliveryMessage(
    string IdempotencyKey,
    string Kind,
    DateTimeOffset At,
    string Language,
    string Title,
    string Text,
    string Link,
    FindingSummary? Finding)
{
    /// <summary>The message with the facts a reader needs to act: what, where, who, the deadline and the link.</summary>
    public string Body()
    {
        string Label(string key) => Ui.Text(key, Language);
        var body = new StringBuilder(Text).AppendLine().AppendLine();
        if (Finding is { } f)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"{Label("message.what")}: {f.Item} ({f.Severity})");
            body.AppendLine(CultureInfo.InvariantCulture, $"{Label("message.where")}: {f.Place}");
            body.AppendLine(CultureInfo.InvariantCulture, $"{Label("message.who")}: {f.Owner}");
            body.AppendLine(CultureInfo.InvariantCulture, $"{Label("message.state")}: {f.StateTitle}");
            body.AppendLine(CultureInfo.InvariantCulture, $"{Label("message.deadline")}: {f.DueAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}{f.OverdueText}");
            if (f.EscalationLevel > 0)
            {
                body.AppendLine(CultureInfo.InvariantCulture, $"{Label("message.escalationLevel")}: {f.EscalationLevel}");
            }
        }

        body.AppendLine(CultureInfo.InvariantCulture, $"{Label("message.open")}: {Link}");
        return body.ToString();
    }
}

/// <summary>A finding as messages describe it, at the time of sending; <paramref name="Asset"/> is null for an item asked once per zone.</summary>
public sealed record FindingSummary(
    Guid Id,
    string Item,
    string Severity,
    string Zone,
    string? Asset,
    string Owner,
    string State,
    DateTimeOffset DueAt,
    bool Overdue,
    string OverdueText,
    int EscalationLevel,
    string Link)
{
    /// <summary>The state's title in the message's language; <see cref="State"/> stays the lifecycle's name for programs.</summary>
    public string StateTitle { get; init; } = State;

    /// <summary>The zone and asset, or the zone alone for an item asked once per zone.</summary>
    public string Place => Asset is null ? Zone : $"{Zone} / {Asset}";
}

/// <summary>Turns a delivery's notification into a <see cref="DeliveryMessage"/>.</summary>
public sealed class DeliveryComposer(
    SafetyFlowDbContext db,
    WorkflowRegistry workflows,
    WorkCalendar calendar,
    TimeProvider clock,
    IOptions<LinkOptions> links)
{
    /// <summary>
    /// The message for a delivery, with labels in <paramref name="language"/> (the recipient's when null); the
    /// notification's own text is already in its recipient's language.
    /// </summary>
    public async Task<DeliveryMessage> ComposeAsync(Domain.Delivery delivery, string? language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var notification = await db.Notifications.AsNoTracking()
            .Where(n => n.Id == delivery.NotificationId)
            .Select(n => new { n.Kind, n.At, n.Text, n.FindingId, RecipientLanguage = db.Users.Where(u => u.Id == n.RecipientId).Select(u => u.Language).FirstOrDefault() })
            .SingleAsync(cancellationToken);
        var lang = language ?? notification.RecipientLanguage ?? "zh-CN";
        var finding = notification.FindingId is { } findingId ? await SummarizeAsync(findingId, lang, cancellationToken) : null;
        var link = finding?.Link ?? links.Value.Findings("state=open");
        var title = NotificationTexts.Title(notification.Kind, lang);
        if (finding is not null)
        {
            title = Ui.FormatIn("common.labelled", lang, title, finding.Item);
        }

        return new DeliveryMessage(
            delivery.IdempotencyKey,
            notification.Kind,
            calendar.ToLocal(notification.At),
            lang,
            title,
            notification.Text,
            link,
            finding);
    }

    private async Task<FindingSummary?> SummarizeAsync(Guid findingId, string language, CancellationToken cancellationToken)
    {
        var f = await db.Findings.AsNoTracking()
            .Where(f => f.Id == findingId)
            .Select(f => new
            {
                f.Id,
                f.WorkflowId,
                f.ItemId,
                f.Severity,
                f.State,
                f.DueAt,
                f.ClosedAt,
                f.EscalationLevel,
                Zone = f.Zone!.Name,
                Asset = f.AssetId == null ? null : f.Asset!.Name,
                f.OwnerId,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (f is null)
        {
            return null;
        }

        var item = (workflows.Current.Find(f.WorkflowId) as InspectionWorkflow)?.FindItem(f.ItemId)?.Text.For(language) ?? f.ItemId;
        var severity = NotificationTexts.Grade(f.Severity, language);
        var owner = (await PeopleNames.ForAsync(db, [f.OwnerId], cancellationToken)).Of(f.OwnerId);
        var state = workflows.CurrentLifecycle.Definition.States.FirstOrDefault(s => s.Name == f.State)?.Title.For(language) ?? f.State;
        var overdueBy = clock.GetUtcNow() - f.DueAt;
        var overdue = f.ClosedAt is null && overdueBy > TimeSpan.Zero;
        var overdueText = overdue ? Ui.FormatIn("message.overdueAside", language, NotificationTexts.Duration(overdueBy, language)) : "";
        return new FindingSummary(
            f.Id, item, severity, f.Zone, f.Asset, owner, f.State, calendar.ToLocal(f.DueAt), overdue, overdueText, f.EscalationLevel, links.Value.Finding(f.Id))
        {
            StateTitle = state,
        };
    }
}
