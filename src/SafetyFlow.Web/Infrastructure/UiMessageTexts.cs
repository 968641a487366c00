namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// The sentences of what SafetyFlow writes outside its pages (notifications, mails and robot posts, digests),
/// part of <see cref="Ui"/>. They are composite formats, filled with <see cref="Ui.FormatIn"/> in the invariant
/// culture; each group says what its placeholders hold.
/// </summary>
internal static class UiMessageTexts
{
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Texts = new Dictionary<string, (string Zh, string En)>(StringComparer.Ordinal)
    {
        // Small frames a sentence puts its parts in.
        ["common.labelled"] = ("{0}：{1}", "{0}: {1}"),
        ["common.aside"] = ("（{0}）", " ({0})"),
        ["duration.hours"] = ("{0} 小时", "{0} hours"),
        ["duration.days"] = ("{0} 天", "{0} days"),

        // What a notification is about: {0} zone, {1} item, {2} asset.
        ["message.about.zone"] = ("{0}：{1}", "{1} ({0})"),
        ["message.about.asset"] = ("{0} {2}：{1}", "{1} ({2}, {0})"),
        ["message.overdueBy"] = ("，已超期 {0}", ", {0} overdue"),
        ["message.overdueAside"] = ("（已超期 {0}）", " ({0} overdue)"),
        ["message.dueNow"] = ("，今日到期", ", due now"),

        // A notification's sentence per kind: {0} grade, {1} what it is about, {2} deadline, {3} the detail in brackets,
        // {4} the detail as it is, {5} escalation level, {6} the step's title, {7} how late (or due now), {8} the kind.
        ["message.body.finding.assigned"] = ("您有一条新的{0}待整改：{1}。整改期限 {2}。", "New {0} finding for you to fix: {1}. Deadline {2}."),
        ["message.body.finding.raised"] = ("发现{0}：{1}。整改期限 {2}。", "A {0} finding was raised: {1}. Deadline {2}."),
        ["message.body.finding.reminder"] = ("整改提醒：{1}，将于 {2} 到期。", "Reminder: {1} is due {2}."),
        ["message.body.finding.escalated"] = ("隐患升级至第 {5} 级（{6}）：{1}，期限 {2}{7}。", "Escalated to level {5} ({6}): {1}, deadline {2}{7}."),
        ["message.body.fix.submitted"] = ("整改已提交，请验收：{1}{3}。", "A fix is waiting for your acceptance: {1}{3}."),
        ["message.body.fix.rejected"] = ("整改未通过验收，请重新整改：{1}{3}。期限 {2}。", "Your fix was rejected: {1}{3}. Deadline {2}."),
        ["message.body.finding.closed"] = ("整改已验收，隐患已销号：{1}。", "Fix accepted and finding closed: {1}."),
        ["message.body.extension.requested"] = ("延期申请待审批：{1}{3}。", "An extension request is waiting for your decision: {1}{3}."),
        ["message.body.extension.approved"] = ("延期已批准：{1}。新期限 {2}。", "Extension approved: {1}. New deadline {2}."),
        ["message.body.extension.declined"] = ("延期未获批准：{1}{3}。期限仍为 {2}。", "Extension declined: {1}{3}. The deadline stays {2}."),
        ["message.body.finding.commented"] = ("隐患有新评论：{1}。{4}", "New comment on {1}. {4}"),
        ["message.body.finding.reassigned"] = ("隐患已转交给您整改：{1}{3}。整改期限 {2}。", "A finding was handed to you to fix: {1}{3}. Deadline {2}."),
        ["message.body.other"] = ("{1}：{8}", "{1}: {8}"),

        // Digests: a heading of {0} the day or week, {1} overdue, {2} due soon and {3} open; a line of {0} item, {1} place,
        // {2} owner, {3} deadline, {4} how late, {5} escalation level, {6} link.
        ["digest.daily.heading"] = ("{0} 每日隐患汇总：已超期 {1} 条，即将到期 {2} 条，未销号共 {3} 条。", "Daily findings digest for {0}: {1} overdue, {2} due soon, {3} open in all."),
        ["digest.weekly.heading"] = ("{0} 每周隐患汇总：已超期 {1} 条，即将到期 {2} 条，未销号共 {3} 条。", "Weekly findings digest for {0}: {1} overdue, {2} due soon, {3} open in all."),
        ["digest.weekly.pastWeek"] = ("过去 7 天新发现 {0} 条，销号 {1} 条。", "In the past 7 days: {0} raised, {1} closed."),
        ["digest.section.overdue"] = ("已超期", "Overdue"),
        ["digest.section.dueSoon"] = ("即将到期", "Due soon"),
        ["digest.section.other"] = ("其他未销号", "Other open"),
        ["digest.line"] = ("- {0}（{1}），责任人 {2}，期限 {3}{4}{5}：{6}", "- {0} ({1}), owner {2}, deadline {3}{4}{5}: {6}"),
        ["digest.line.level"] = ("，升级第 {0} 级", ", escalation level {0}"),
        ["digest.more"] = ("……另有 {0} 条", "... and {0} more"),

    };
}
