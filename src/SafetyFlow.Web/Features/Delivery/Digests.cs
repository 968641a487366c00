using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Delivery;

/// <summary>
/// The daily digest for each supervisor (open, due-soon and overdue findings whose zone is in their units now, as
/// <see cref="Scope"/> decides) and the weekly one for the safety office. Each is a notification with an outbox row, so
/// it travels the same channels as any other; none is written when there is nothing to report, and running a digest
/// twice in one day (or week) writes nothing new.
/// </summary>
public sealed class Digests(
    SafetyFlowDbContext db,
    ViewerFactory viewers,
    WorkflowRegistry workflows,
    WorkCalendar calendar,
    TimeProvider clock,
    IOptions<DigestOptions> options,
    IOptions<LinkOptions> links)
{
    private const int ListedPerSection = 15;

    /// <summary>The notification text's column length.</summary>
    private const int MaxLength = 16000;

    /// <summary>Writes today's digest for every supervisor who has open findings in their units; returns how many.</summary>
    public async Task<int> SendDailyAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(calendar.ToLocal(now).DateTime);
        var supervisors = await PeopleInRoleAsync(Role.Supervisor, cancellationToken);
        var already = await AlreadySentAsync(NotificationTexts.DigestDaily, calendar.StartOfDay(today), cancellationToken);
        var written = 0;
        foreach (var person in supervisors.Where(p => !already.Contains(p.Id)))
        {
            var units = await viewers.SupervisedUnitsAsync(person.Id, cancellationToken);
            var theirs = await OpenFindingsAsync(db.Findings.InUnits(units), cancellationToken);
            if (theirs.Count == 0)
            {
                continue;
            }

            var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Write(person.Id, NotificationTexts.DigestDaily, Render("digest.daily.heading", day, theirs, person.Language, now, extra: null), now);
            written++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return written;
    }

    /// <summary>Writes this week's digest for the safety office unless nothing is open and nothing was raised or closed in the past week.</summary>
    public async Task<int> SendWeeklyAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var weekAgo = now - TimeSpan.FromDays(7);
        var office = await PeopleInRoleAsync(Role.SafetyOffice, cancellationToken);
        var already = await AlreadySentAsync(NotificationTexts.DigestWeekly, calendar.StartOfWeek(calendar.WeekOf(now)), cancellationToken);
        var open = await OpenFindingsAsync(db.Findings, cancellationToken);
        var raised = await db.Findings.CountAsync(f => f.RaisedAt > weekAgo, cancellationToken);
        var closed = await db.Findings.CountAsync(f => f.ClosedAt > weekAgo, cancellationToken);
        if (open.Count == 0 && raised == 0 && closed == 0)
        {
            return 0;
        }

        var written = 0;
        foreach (var person in office.Where(p => !already.Contains(p.Id)))
        {
            var extra = Ui.FormatIn("digest.weekly.pastWeek", person.Language, raised, closed);
            Write(person.Id, NotificationTexts.DigestWeekly, Render("digest.weekly.heading", calendar.WeekOf(now), open, person.Language, now, extra), now);
            written++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return written;
    }

    private void Write(Guid recipientId, string kind, string text, DateTimeOffset now)
    {
        var notification = new Notification { RecipientId = recipientId, At = now, Kind = kind, Text = text };
        db.Notifications.Add(notification);
        db.Outbox.Add(OutboxMessage.For(notification));
    }

    /// <summary>The digest's text: its heading (a key, filled with the period and the counts), then a section per deadline.</summary>
    private string Render(string headingKey, string period, List<OpenFinding> findings, string language, DateTimeOffset now, string? extra)
    {
        var soon = now + options.Value.DueSoonWithin;
        var overdue = findings.Where(f => f.DueAt < now).OrderBy(f => f.DueAt).ToList();
        var dueSoon = findings.Where(f => f.DueAt >= now && f.DueAt <= soon).OrderBy(f => f.DueAt).ToList();
        var later = findings.Where(f => f.DueAt > soon).OrderBy(f => f.DueAt).ToList();

        var text = new StringBuilder()
            .AppendLine(Ui.FormatIn(headingKey, language, period, overdue.Count, dueSoon.Count, findings.Count));
        if (extra is not null)
        {
            text.AppendLine(extra);
        }

        Section(text, Ui.Text("digest.section.overdue", language), overdue, language, now);
        Section(text, Ui.Text("digest.section.dueSoon", language), dueSoon, language, now);
        Section(text, Ui.Text("digest.section.other", language), later, language, now);
        var rendered = text.ToString().TrimEnd();
        return rendered.Length <= MaxLength ? rendered : rendered[..(MaxLength - 1)] + "…";
    }

    private void Section(StringBuilder text, string title, List<OpenFinding> findings, string language, DateTimeOffset now)
    {
        if (findings.Count == 0)
        {
            return;
        }

        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{title} ({findings.Count}):");
        foreach (var f in findings.Take(ListedPerSection))
        {
            var item = (workflows.Current.Find(f.WorkflowId) as InspectionWorkflow)?.FindItem(f.ItemId)?.Text.For(language) ?? f.ItemId;
            var due = calendar.ToLocal(f.DueAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var late = f.DueAt < now ? Ui.FormatIn("message.overdueBy", language, NotificationTexts.Duration(now - f.DueAt, language)) : "";
            var level = f.EscalationLevel > 0 ? Ui.FormatIn("digest.line.level", language, f.EscalationLevel) : "";
            text.AppendLine(Ui.FormatIn("digest.line", language, item, f.Place, f.Owner, due, late, level, links.Value.Finding(f.Id)));
        }

        if (findings.Count > ListedPerSection)
        {
            text.AppendLine(Ui.FormatIn("digest.more", language, findings.Count - ListedPerSection));
        }
    }

    private async Task<List<(Guid Id, string Language)>> PeopleInRoleAsync(Role role, CancellationToken cancellationToken)
    {
        var name = role.ToString();
        var people = await (from userRole in db.UserRoles
                            join r in db.Roles on userRole.RoleId equals r.Id
                            join u in db.Users on userRole.UserId equals u.Id
                            where r.Name == name
                            select new { u.Id, u.Language })
            .ToListAsync(cancellationToken);
        return [.. people.Select(p => (p.Id, p.Language))];
    }

    private async Task<HashSet<Guid>> AlreadySentAsync(string kind, DateTimeOffset since, CancellationToken cancellationToken) =>
        (await db.Notifications.Where(n => n.Kind == kind && n.At >= since).Select(n => n.RecipientId).ToListAsync(cancellationToken)).ToHashSet();

    private static async Task<List<OpenFinding>> OpenFindingsAsync(IQueryable<Finding> findings, CancellationToken cancellationToken) =>
        await findings.AsNoTracking()
            .Where(f => f.ClosedAt == null)
            .Select(f => new OpenFinding(f.Id, f.WorkflowId, f.ItemId, f.DueAt, f.EscalationLevel, f.Zone!.Name, f.AssetId == null ? null : f.Asset!.Name, f.Owner!.DisplayName))
            .ToListAsync(cancellationToken);

    private sealed record OpenFinding(Guid Id, string WorkflowId, string ItemId, DateTimeOffset DueAt, int EscalationLevel, string Zone, string? Asset, string Owner)
    {
        /// <summary>The zone and asset, or the zone alone for an item asked once per zone.</summary>
        public string Place => Asset is null ? Zone : $"{Zone} / {Asset}";
    }
}
