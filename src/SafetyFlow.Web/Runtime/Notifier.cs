using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Runtime;

/// <summary>
/// Writes in-app notifications, each in its recipient's language, with one outbox row per notification for the
/// delivery channels. It only adds to the context: the caller saves them in the same transaction as the change they report.
/// Who is told comes from the finding's lifecycle definition: its raise messages, each transition's <c>notify</c> list
/// and the ladder; this class holds no audience of its own.
/// </summary>
public sealed class Notifier(SafetyFlowDbContext db, WorkflowRegistry workflows, WorkCalendar calendar)
{
    /// <summary>Sends what the definition says a new finding sends: its raise messages, then the severity's notifyOnRaise.</summary>
    public async Task NotifyRaisedAsync(Finding finding, RectificationWorkflow lifecycle, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(lifecycle);
        await SendAsync(finding, lifecycle.Raise.Notify, now, detail: null, cancellationToken);
        await NotifyAsync(finding, NotificationTexts.Raised, lifecycle.Deadlines[finding.Severity].NotifyOnRaise, now, cancellationToken);
        if (finding.FixedOnSpot)
        {
            await SendAsync(finding, lifecycle.Raise.FixedOnSpot, now, finding.Note, cancellationToken);
        }
    }

    /// <summary>Sends the messages of the transition that <paramref name="trigger"/> fired from state <paramref name="from"/>.</summary>
    public Task NotifyTransitionAsync(
        Finding finding,
        RectificationWorkflow lifecycle,
        string trigger,
        string from,
        DateTimeOffset now,
        CancellationToken cancellationToken,
        string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        return SendAsync(finding, lifecycle.Transition(trigger, from)?.Notify ?? [], now, detail, cancellationToken);
    }

    /// <summary>Notifies the people an audience list names about a finding.</summary>
    public async Task NotifyAsync(
        Finding finding,
        string kind,
        IEnumerable<Audience> audiences,
        DateTimeOffset now,
        CancellationToken cancellationToken,
        string? detail = null,
        EscalationStep? step = null)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var recipients = new HashSet<Guid>();
        foreach (var audience in audiences.Distinct())
        {
            recipients.UnionWith(await ResolveAsync(finding, audience, cancellationToken));
        }

        await NotifyPeopleAsync(finding, kind, recipients, now, detail, step, cancellationToken);
    }

    private async Task SendAsync(Finding finding, IEnumerable<NotifyRule> messages, DateTimeOffset now, string? detail, CancellationToken cancellationToken)
    {
        // Two messages of one kind are one message to the people of both.
        foreach (var kind in messages.GroupBy(m => m.Kind, StringComparer.Ordinal))
        {
            await NotifyAsync(finding, kind.Key, kind.SelectMany(m => m.Audiences), now, cancellationToken, detail);
        }
    }

    private async Task NotifyPeopleAsync(
        Finding finding,
        string kind,
        HashSet<Guid> recipients,
        DateTimeOffset now,
        string? detail,
        EscalationStep? step,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (recipients.Count == 0)
        {
            return;
        }

        var facts = await FactsAsync(finding, now, cancellationToken);
        var languages = await db.Users.Where(u => recipients.Contains(u.Id))
            .Select(u => new { u.Id, u.Language })
            .ToListAsync(cancellationToken);
        foreach (var person in languages)
        {
            var notification = new Notification
            {
                RecipientId = person.Id,
                At = now,
                Kind = kind,
                FindingId = finding.Id,
                Text = NotificationTexts.Render(kind, person.Language, facts, detail, step),
            };
            db.Notifications.Add(notification);
            db.Outbox.Add(new OutboxMessage { NotificationId = notification.Id, CreatedAt = now });
        }
    }

    /// <summary>The people an audience names for a finding's zone.</summary>
    public async Task<IReadOnlyCollection<Guid>> ResolveAsync(Finding finding, Audience audience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finding);
        switch (audience)
        {
            case Audience.Owner:
                return [finding.OwnerId];
            case Audience.Raiser:
                return [finding.RaisedById];
            case Audience.Fixer:
                return finding.FixedById is { } fixer ? [fixer] : [];
            case Audience.SafetyOffice:
                return await UsersInRole(Role.SafetyOffice).ToListAsync(cancellationToken);
            case Audience.Admin:
                return await UsersInRole(Role.Admin).ToListAsync(cancellationToken);
            case Audience.Supervisor:
            case Audience.Leadership:
                var units = await db.Units.Select(u => new { u.Id, u.ParentId }).ToDictionaryAsync(u => u.Id, u => u.ParentId, cancellationToken);
                var supervisors = await db.Users
                    .Where(u => u.UnitId != null && UsersInRole(Role.Supervisor).Contains(u.Id))
                    .Select(u => new { u.Id, UnitId = u.UnitId!.Value })
                    .ToListAsync(cancellationToken);
                var zoneUnit = await db.Zones.Where(z => z.Id == finding.ZoneId).Select(z => z.UnitId).SingleAsync(cancellationToken);
                var chain = new List<Guid>();
                for (Guid? unit = zoneUnit; unit is not null && !chain.Contains(unit.Value); unit = units.GetValueOrDefault(unit.Value))
                {
                    chain.Add(unit.Value);
                }

                // Supervisors: the nearest unit up the tree that has any. Leadership: the top unit's supervisors.
                var candidates = audience == Audience.Supervisor ? chain : chain.AsEnumerable().Reverse().Take(1);
                return candidates
                    .Select(unit => supervisors.Where(s => s.UnitId == unit).Select(s => s.Id).ToList())
                    .FirstOrDefault(found => found.Count > 0) ?? [];
            default:
                return [];
        }
    }

    private IQueryable<Guid> UsersInRole(Role role)
    {
        var name = role.ToString();
        return from userRole in db.UserRoles
               join r in db.Roles on userRole.RoleId equals r.Id
               where r.Name == name
               select userRole.UserId;
    }

    private async Task<FindingFacts> FactsAsync(Finding finding, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var place = await db.Assets.Where(a => a.Id == finding.AssetId)
            .Select(a => new { Asset = a.Name, Zone = a.Zone!.Name })
            .SingleAsync(cancellationToken);
        var item = (workflows.Current.Find(finding.WorkflowId) as InspectionWorkflow)?.FindItem(finding.ItemId)?.Text
            ?? new LocalizedText(finding.ItemId, finding.ItemId);
        return new FindingFacts(finding.Id, finding.Severity, item, place.Asset, place.Zone, calendar.ToLocal(finding.DueAt), now - finding.DueAt);
    }
}

/// <summary>What a message says about a finding.</summary>
public sealed record FindingFacts(
    Guid FindingId,
    Severity Severity,
    LocalizedText Item,
    string Asset,
    string Zone,
    DateTimeOffset DueAt,
    TimeSpan Overdue);
