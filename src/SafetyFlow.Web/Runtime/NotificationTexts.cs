using System.Globalization;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Runtime;

/// <summary>The notification kinds and their texts in Chinese and English.</summary>
public static class NotificationTexts
{
    public const string Assigned = MessageKinds.FindingAssigned;
    public const string Raised = MessageKinds.FindingRaised;
    public const string Reminder = "finding.reminder";
    public const string Escalated = "finding.escalated";
    public const string FixSubmitted = MessageKinds.FixSubmitted;
    public const string FixRejected = MessageKinds.FixRejected;
    public const string Closed = MessageKinds.FindingClosed;
    public const string ExtensionRequested = MessageKinds.ExtensionRequested;
    public const string ExtensionApproved = MessageKinds.ExtensionApproved;
    public const string ExtensionDeclined = MessageKinds.ExtensionDeclined;
    public const string Commented = "finding.commented";
    public const string Reassigned = "finding.reassigned";
    public const string DigestDaily = "digest.daily";
    public const string DigestWeekly = "digest.weekly";

    /// <summary>Every kind, as webhook event filters name them.</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        Assigned, Raised, Reminder, Escalated, FixSubmitted, FixRejected, Closed,
        ExtensionRequested, ExtensionApproved, ExtensionDeclined, DigestDaily, DigestWeekly, Commented, Reassigned,
    ];

    public static bool IsChinese(string language) => language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    /// <summary>A short title per kind, for email subjects and robot message headings, from <see cref="Ui"/>.</summary>
    public static string Title(string kind, string language) =>
        Ui.Text(Ui.Has("message.title." + kind) ? "message.title." + kind : "message.title.other", language);

    /// <summary>A notification's sentence in a language, worded by <see cref="Ui"/>'s <c>message.body.*</c> texts.</summary>
    public static string Render(string kind, string language, FindingFacts facts, string? detail, EscalationStep? step)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var zh = IsChinese(language);
        var item = zh ? facts.Item.ZhCn : facts.Item.En;
        var about = facts.Asset is { } asset
            ? Ui.FormatIn("message.about.asset", language, facts.Zone, item, asset)
            : Ui.FormatIn("message.about.zone", language, facts.Zone, item);
        var aside = string.IsNullOrWhiteSpace(detail) ? "" : Ui.FormatIn("common.aside", language, detail);
        var lateness = facts.Overdue > TimeSpan.Zero
            ? Ui.FormatIn("message.overdueBy", language, Duration(facts.Overdue, language))
            : Ui.Text("message.dueNow", language);
        var stepTitle = step is null ? null : zh ? step.Title.ZhCn : step.Title.En;
        var key = Ui.Has("message.body." + kind) ? "message.body." + kind : "message.body.other";
        return Ui.FormatIn(
            key,
            language,
            Grade(facts.Severity, language),
            about,
            facts.DueAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            aside,
            detail,
            step?.Level,
            stepTitle,
            lateness,
            kind);
    }

    /// <summary>The grade as the pages name it (重大隐患); in English in lower case, as it reads in a sentence.</summary>
    public static string Grade(Severity severity, string language)
    {
        var text = Ui.Text(severity == Severity.Major ? "severity.major" : "severity.general", language);
        return IsChinese(language) ? text : text.ToLowerInvariant();
    }

    /// <summary>How long, in whole hours under two days and in whole days from then: "5 小时", "3 days".</summary>
    public static string Duration(TimeSpan span, string language) =>
        span <= TimeSpan.Zero ? Ui.FormatIn("duration.hours", language, 0)
        : span.TotalHours < 48 ? Ui.FormatIn("duration.hours", language, Math.Floor(span.TotalHours))
        : Ui.FormatIn("duration.days", language, Math.Floor(span.TotalDays));
}
