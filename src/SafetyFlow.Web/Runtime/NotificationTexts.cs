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

    public static string Render(string kind, string language, FindingFacts facts, string? detail, EscalationStep? step)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var zh = IsChinese(language);
        var due = facts.DueAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var what = (zh, facts.Asset) switch
        {
            (true, null) => $"{facts.Zone}：{facts.Item.ZhCn}",
            (true, { } asset) => $"{facts.Zone} {asset}：{facts.Item.ZhCn}",
            (false, null) => $"{facts.Item.En} ({facts.Zone})",
            (false, { } asset) => $"{facts.Item.En} ({asset}, {facts.Zone})",
        };
        var grade = Grade(facts.Severity, language);
        var overdue = Duration(facts.Overdue, zh);
        var suffix = string.IsNullOrWhiteSpace(detail) ? "" : zh ? $"（{detail}）" : $" ({detail})";

        return (kind, zh) switch
        {
            (Assigned, true) => $"您有一条新的{grade}待整改：{what}。整改期限 {due}。",
            (Assigned, false) => $"New {grade} finding for you to fix: {what}. Deadline {due}.",
            (Raised, true) => $"发现{grade}：{what}。整改期限 {due}。",
            (Raised, false) => $"A {grade} finding was raised: {what}. Deadline {due}.",
            (Reminder, true) => $"整改提醒：{what}，将于 {due} 到期。",
            (Reminder, false) => $"Reminder: {what} is due {due}.",
            (Escalated, true) => $"隐患升级至第 {step?.Level} 级（{step?.Title.ZhCn}）：{what}，期限 {due}{(facts.Overdue > TimeSpan.Zero ? $"，已超期 {overdue}" : "，今日到期")}。",
            (Escalated, false) => $"Escalated to level {step?.Level} ({step?.Title.En}): {what}, deadline {due}{(facts.Overdue > TimeSpan.Zero ? $", {overdue} overdue" : ", due now")}.",
            (FixSubmitted, true) => $"整改已提交，请验收：{what}{suffix}。",
            (FixSubmitted, false) => $"A fix is waiting for your acceptance: {what}{suffix}.",
            (FixRejected, true) => $"整改未通过验收，请重新整改：{what}{suffix}。期限 {due}。",
            (FixRejected, false) => $"Your fix was rejected: {what}{suffix}. Deadline {due}.",
            (Closed, true) => $"整改已验收，隐患已销号：{what}。",
            (Closed, false) => $"Fix accepted and finding closed: {what}.",
            (ExtensionRequested, true) => $"延期申请待审批：{what}{suffix}。",
            (ExtensionRequested, false) => $"An extension request is waiting for your decision: {what}{suffix}.",
            (ExtensionApproved, true) => $"延期已批准：{what}。新期限 {due}。",
            (ExtensionApproved, false) => $"Extension approved: {what}. New deadline {due}.",
            (ExtensionDeclined, true) => $"延期未获批准：{what}{suffix}。期限仍为 {due}。",
            (ExtensionDeclined, false) => $"Extension declined: {what}{suffix}. The deadline stays {due}.",
            (Commented, true) => $"隐患有新评论：{what}。{detail}",
            (Commented, false) => $"New comment on {what}. {detail}",
            (Reassigned, true) => $"隐患已转交给您整改：{what}{suffix}。整改期限 {due}。",
            (Reassigned, false) => $"A finding was handed to you to fix: {what}{suffix}. Deadline {due}.",
            _ => zh ? $"{what}：{kind}" : $"{what}: {kind}",
        };
    }

    /// <summary>The grade as the pages name it (重大隐患); in English in lower case, as it reads in a sentence.</summary>
    public static string Grade(Severity severity, string language)
    {
        var text = Ui.Text(severity == Severity.Major ? "severity.major" : "severity.general", language);
        return IsChinese(language) ? text : text.ToLowerInvariant();
    }

    public static string Duration(TimeSpan span, bool zh)
    {
        if (span <= TimeSpan.Zero)
        {
            return zh ? "0 小时" : "0 hours";
        }

        return span.TotalHours < 48
            ? (zh ? $"{Math.Floor(span.TotalHours)} 小时" : $"{Math.Floor(span.TotalHours)} hours")
            : (zh ? $"{Math.Floor(span.TotalDays)} 天" : $"{Math.Floor(span.TotalDays)} days");
    }
}
