using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Runtime;

/// <summary>
/// Composes in-app notifications, each in its recipient's language; the caller saves them, each with its outbox row for
/// the delivery channels, in the same transaction as the change they report (<see cref="FindingEventDispatcher"/>).
/// Who is told comes from the finding's lifecycle definition: its raise messages, each transition's <c>notify</c> list
/// and the ladder; this class holds no audience of its own.
/// One notifier serves one save, however many findings it changes (a sweep batch, a submit that raises many findings):
/// the unit tree, the supervisors and the role members are read once, the places of every finding in the save are read
/// together (<see cref="LoadAsync"/>), and the messages are only composed by <see cref="ComposeAsync"/>, which reads the
/// languages of all their recipients at once. The number of queries a save makes does not grow with its findings.
/// </summary>
public sealed class Notifier(SafetyFlowDbContext db, WorkflowRegistry workflows, WorkCalendar calendar)
{
    private readonly List<Message> _messages = [];
    private readonly Dictionary<Guid, Guid> _zoneUnits = [];
    /// <summary>Asset and zone names by asset id; a finding on an item asked once per zone has no asset and is found by its zone id.</summary>
    private readonly Dictionary<Guid, (string? Asset, string Zone)> _places = [];
    private readonly Dictionary<Role, List<Guid>> _roles = [];
    private Dictionary<Guid, Guid?>? _units;
    private ILookup<Guid, Guid>? _supervisors;

    /// <summary>Reads together what messages say about <paramref name="findings"/>: their assets' and zones' names and their zones' units.</summary>
    public async Task LoadAsync(IReadOnlyCollection<Finding> findings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var assetIds = findings.Select(f => f.AssetId).OfType<Guid>().Where(id => !_places.ContainsKey(id)).Distinct().ToList();
        if (assetIds.Count > 0)
        {
            var places = await db.Assets.AsNoTracking().Where(a => assetIds.Contains(a.Id))
                .Select(a => new { a.Id, Asset = a.Name, Zone = a.Zone!.Name })
                .ToListAsync(cancellationToken);
            foreach (var place in places)
            {
                _places[place.Id] = (place.Asset, place.Zone);
            }
        }

        var zonePlaces = findings.Where(f => f.AssetId is null).Select(f => f.ZoneId).Where(id => !_places.ContainsKey(id)).Distinct().ToList();
        if (zonePlaces.Count > 0)
        {
            foreach (var zone in await db.Zones.AsNoTracking().Where(z => zonePlaces.Contains(z.Id)).Select(z => new { z.Id, z.Name }).ToListAsync(cancellationToken))
            {
                _places[zone.Id] = (null, zone.Name);
            }
        }

        var zoneIds = findings.Select(f => f.ZoneId).Where(id => !_zoneUnits.ContainsKey(id)).Distinct().ToList();
        if (zoneIds.Count > 0)
        {
            var zones = await db.Zones.AsNoTracking().Where(z => zoneIds.Contains(z.Id)).Select(z => new { z.Id, z.UnitId }).ToListAsync(cancellationToken);
            foreach (var zone in zones)
            {
                _zoneUnits[zone.Id] = zone.UnitId;
            }
        }
    }

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

    /// <summary>Notifies the people an audience list names about a finding, when <see cref="ComposeAsync"/> runs.</summary>
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
        ArgumentNullException.ThrowIfNull(audiences);
        var recipients = new HashSet<Guid>();
        foreach (var audience in audiences.Distinct())
        {
            recipients.UnionWith(await ResolveAsync(finding, audience, cancellationToken));
        }

        if (recipients.Count == 0)
        {
            return;
        }

        // The facts as they stand now: a later change to the finding in the same save does not rewrite this message.
        _messages.Add(new Message(finding.Id, kind, recipients, now, detail, step, await FactsAsync(finding, now, cancellationToken)));
    }

    /// <summary>
    /// Tells the other parties of a finding about a comment (decision 022): its owner and the supervisors over its zone;
    /// the safety office when it follows the finding already (a major one, or one escalated to it); and whoever commented
    /// on it before. The author is not told of their own comment.
    /// </summary>
    public async Task NotifyCommentAsync(Finding finding, FindingCommented comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(comment);
        var recipients = new HashSet<Guid>(await ResolveAsync(finding, Audience.Owner, cancellationToken));
        recipients.UnionWith(await ResolveAsync(finding, Audience.Supervisor, cancellationToken));
        if (finding.Severity == Severity.Major || finding.EscalationLevel >= 2)
        {
            recipients.UnionWith(await ResolveAsync(finding, Audience.SafetyOffice, cancellationToken));
        }

        recipients.UnionWith(await db.FindingTransitions.AsNoTracking()
            .Where(t => t.FindingId == finding.Id && t.Action == Finding.CommentAction && t.ActorId != null)
            .Select(t => t.ActorId!.Value)
            .Distinct()
            .ToListAsync(cancellationToken));
        recipients.Remove(comment.AuthorId);
        if (recipients.Count > 0)
        {
            // The author as people know them, not by user name.
            var author = (await PeopleNames.ForAsync(db, [comment.AuthorId], cancellationToken)).Of(comment.AuthorId, comment.AuthorName);
            var detail = $"{author}: {comment.Text}";
            _messages.Add(new Message(finding.Id, NotificationTexts.Commented, recipients, comment.At, detail, null, await FactsAsync(finding, comment.At, cancellationToken)));
        }
    }

    /// <summary>Tells the new owner of a finding handed to them, with the note given; the owner before is not told.</summary>
    public async Task NotifyReassignedAsync(Finding finding, FindingReassigned reassigned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(reassigned);
        _messages.Add(new Message(finding.Id, NotificationTexts.Reassigned, [reassigned.ToOwnerId], reassigned.At, reassigned.Note, null, await FactsAsync(finding, reassigned.At, cancellationToken)));
    }

    /// <summary>
    /// The notifications of every message asked for so far, each in its recipient's language, in the order they were
    /// asked for; people who are not in the directory are left out.
    /// </summary>
    public async Task<List<Notification>> ComposeAsync(CancellationToken cancellationToken)
    {
        var notifications = new List<Notification>();
        if (_messages.Count == 0)
        {
            return notifications;
        }

        var everyone = _messages.SelectMany(m => m.Recipients).Distinct().ToList();
        var languages = await db.Users.AsNoTracking().Where(u => everyone.Contains(u.Id))
            .Select(u => new { u.Id, u.Language })
            .ToDictionaryAsync(u => u.Id, u => u.Language, cancellationToken);
        foreach (var message in _messages)
        {
            foreach (var recipient in message.Recipients)
            {
                if (languages.TryGetValue(recipient, out var language))
                {
                    notifications.Add(new Notification
                    {
                        RecipientId = recipient,
                        At = message.At,
                        Kind = message.Kind,
                        FindingId = message.FindingId,
                        Text = NotificationTexts.Render(message.Kind, language, message.Facts, message.Detail, message.Step),
                    });
                }
            }
        }

        _messages.Clear();
        return notifications;
    }

    private async Task SendAsync(Finding finding, IEnumerable<NotifyRule> messages, DateTimeOffset now, string? detail, CancellationToken cancellationToken)
    {
        // Two messages of one kind are one message to the people of both.
        foreach (var kind in messages.GroupBy(m => m.Kind, StringComparer.Ordinal))
        {
            await NotifyAsync(finding, kind.Key, kind.SelectMany(m => m.Audiences), now, cancellationToken, detail);
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
                return await UsersInRoleAsync(Role.SafetyOffice, cancellationToken);
            case Audience.Admin:
                return await UsersInRoleAsync(Role.Admin, cancellationToken);
            case Audience.Supervisor:
            case Audience.Leadership:
                var (units, supervisors) = await SupervisorsAsync(cancellationToken);
                var chain = new List<Guid>();
                for (Guid? unit = await ZoneUnitAsync(finding, cancellationToken); unit is not null && !chain.Contains(unit.Value); unit = units.GetValueOrDefault(unit.Value))
                {
                    chain.Add(unit.Value);
                }

                // Supervisors: the nearest unit up the tree that has any. Leadership: the top unit's supervisors.
                var candidates = audience == Audience.Supervisor ? chain : chain.AsEnumerable().Reverse().Take(1);
                return candidates
                    .Select(unit => supervisors[unit].ToList())
                    .FirstOrDefault(found => found.Count > 0) ?? [];
            default:
                return [];
        }
    }

    private async Task<List<Guid>> UsersInRoleAsync(Role role, CancellationToken cancellationToken)
    {
        if (!_roles.TryGetValue(role, out var people))
        {
            people = await UsersInRole(role).ToListAsync(cancellationToken);
            _roles[role] = people;
        }

        return people;
    }

    private IQueryable<Guid> UsersInRole(Role role)
    {
        var name = role.ToString();
        return from userRole in db.UserRoles
               join r in db.Roles on userRole.RoleId equals r.Id
               where r.Name == name
               select userRole.UserId;
    }

    private async Task<(Dictionary<Guid, Guid?> Units, ILookup<Guid, Guid> Supervisors)> SupervisorsAsync(CancellationToken cancellationToken)
    {
        if (_units is null || _supervisors is null)
        {
            _units = await db.Units.AsNoTracking().Select(u => new { u.Id, u.ParentId }).ToDictionaryAsync(u => u.Id, u => u.ParentId, cancellationToken);
            var supervisors = await db.Users
                .Where(u => u.UnitId != null && UsersInRole(Role.Supervisor).Contains(u.Id))
                .Select(u => new { u.Id, UnitId = u.UnitId!.Value })
                .ToListAsync(cancellationToken);
            _supervisors = supervisors.ToLookup(s => s.UnitId, s => s.Id);
        }

        return (_units, _supervisors);
    }

    private async Task<Guid> ZoneUnitAsync(Finding finding, CancellationToken cancellationToken)
    {
        if (!_zoneUnits.ContainsKey(finding.ZoneId))
        {
            await LoadAsync([finding], cancellationToken);
        }

        return _zoneUnits.TryGetValue(finding.ZoneId, out var unit) ? unit : throw new InvalidOperationException($"Zone {finding.ZoneId} of finding {finding.Id} is not in the directory.");
    }

    private async Task<FindingFacts> FactsAsync(Finding finding, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var placeId = finding.AssetId ?? finding.ZoneId;
        if (!_places.ContainsKey(placeId))
        {
            await LoadAsync([finding], cancellationToken);
        }

        var place = _places.TryGetValue(placeId, out var found) ? found : throw new InvalidOperationException($"Asset or zone {placeId} of finding {finding.Id} is not in the directory.");
        var item = (workflows.Current.Find(finding.WorkflowId) as InspectionWorkflow)?.FindItem(finding.ItemId)?.Text
            ?? new LocalizedText(finding.ItemId, finding.ItemId);
        return new FindingFacts(finding.Id, finding.Severity, item, place.Asset, place.Zone, calendar.ToLocal(finding.DueAt), now - finding.DueAt);
    }

    /// <summary>A message asked for, composed by <see cref="ComposeAsync"/>.</summary>
    private sealed record Message(Guid FindingId, string Kind, HashSet<Guid> Recipients, DateTimeOffset At, string? Detail, EscalationStep? Step, FindingFacts Facts);
}

/// <summary>What a message says about a finding; <paramref name="Asset"/> is null for an item asked once per zone visit.</summary>
public sealed record FindingFacts(
    Guid FindingId,
    Severity Severity,
    LocalizedText Item,
    string? Asset,
    string Zone,
    DateTimeOffset DueAt,
    TimeSpan Overdue);
