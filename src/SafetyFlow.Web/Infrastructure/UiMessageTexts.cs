namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// The sentences of what SafetyFlow writes outside its pages (notifications, mails and robot posts, digests, the
/// PDFs), part of <see cref="Ui"/>. They are composite formats, filled with <see cref="Ui.FormatIn"/> in the invariant
/// culture; each group says what its placeholders hold.
/// </summary>
internal static class UiMessageTexts
{
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Texts = new Dictionary<string, (string Zh, string En)>(StringComparer.Ordinal)
    {
        // Small frames a sentence puts its parts in.
        ["common.label"] = ("{0}：", "{0}: "),
        ["common.labelled"] = ("{0}：{1}", "{0}: {1}"),
        ["common.aside"] = ("（{0}）", " ({0})"),
        ["common.listSeparator"] = ("、", ", "),
        ["fiveFixes.name"] = ("五定", "Five fixes"),
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

        // The monthly PDF.
        ["monthly.title"] = ("隐患排查治理月报 {1}年{2}月", "Monthly safety report, {0:MMMM yyyy}"),
        ["monthly.generated"] = ("生成时间 {0}（{1}），统计本月发现的隐患及其截至生成时的整改情况", "Generated {0} ({1}); findings raised in the month, as they stand now"),
        ["monthly.header"] = ("隐患排查治理月报 · 统计期间 {0} 至 {1} · 生成时间 {2}（{3}）", "Monthly safety report · period {0} to {1} · generated {2} ({3})"),
        ["monthly.pageOf"] = ("第 {0} 页，共 {1} 页", "Page {0} of {1}"),
        ["monthly.glance"] = ("本月概况", "The month at a glance"),
        ["monthly.glance.raised"] = ("发现隐患 {0} 项，其中重大隐患 {1} 项，重复隐患 {2} 项", "Findings raised: {0} (major: {1}, repeats: {2})"),
        ["monthly.glance.closed"] = ("已整改销号 {0} 项，按期整改 {1} 项，逾期未整改 {2} 项", "Closed: {0}, closed on time: {1}, open and overdue: {2}"),
        ["monthly.glance.rates"] = ("整改率 {0}，按期整改率 {1}", "Closure rate {0}, on-time rate {1}"),
        ["monthly.glance.timeToClose"] = ("整改用时中位数 {0} 小时，90%分位 {1} 小时", "Time to close: median {0} h, 90th percentile {1} h"),
        ["monthly.glance.rework"] = ("验收退回 {0} 次，延期申请 {1} 次", "Fixes rejected: {0}, extension requests: {1}"),
        ["monthly.glance.aging"] = ("未销号隐患账龄：0-7天 {0} 项，8-30天 {1} 项，30天以上 {2} 项", "Open findings by age: 0-7 days {0}, 8-30 days {1}, over 30 days {2}"),
        ["monthly.byZone"] = ("各责任区隐患发现与销号", "Findings raised and closed by zone"),
        ["monthly.byCategory"] = ("各类别隐患发现与销号", "Findings raised and closed by category"),
        ["monthly.legend.raised"] = ("发现", "raised"),
        ["monthly.legend.closed"] = ("销号", "closed"),
        ["monthly.stars"] = ("责任区星级评定", "Zone stars"),
        ["monthly.stars.lowest"] = ("得分最低的责任区（五星以下）", "Lowest-scoring zones (below five stars)"),
        ["monthly.stars.allFive"] = ("所有责任区均为五星，没有需要列出的责任区。", "Every zone has five stars; none is listed."),

        // A zone's stars: {0} zone, {1} the stars drawn, {2} how many, {3} score.
        ["monthly.stars.line.one"] = ("{0}  {1}  {2}星  得分 {3}", "{0}  {1}  {2} star  score {3}"),
        ["monthly.stars.line.other"] = ("{0}  {1}  {2}星  得分 {3}", "{0}  {1}  {2} stars  score {3}"),
        ["monthly.overdue"] = ("逾期未整改隐患（{0} 项）", "Overdue findings ({0})"),
        ["monthly.overdue.none"] = ("无", "None"),
        ["monthly.overdue.major"] = ("【重大】{0}：{1}", "[major] {0}: {1}"),

        // An overdue finding's state: {0} owner, {1} deadline, {2} days overdue, {3} escalation level.
        ["monthly.overdue.state"] = ("责任人 {0}，期限 {1}，逾期 {2} 天，升级 {3} 级", "owner {0}, due {1}, {2} days overdue, level {3}"),
        ["monthly.overdue.more.one"] = ("另有 {0} 项逾期隐患未列出（以上按逾期时间从长到短列出 {1} 项）", "and {0} more overdue finding, not listed (above: the {1} overdue longest)"),
        ["monthly.overdue.more.other"] = ("另有 {0} 项逾期隐患未列出（以上按逾期时间从长到短列出 {1} 项）", "and {0} more overdue findings, not listed (above: the {1} overdue longest)"),

        // The trail's checkpoint: {0} sequence, {1} records, {2} last record id, {3} when (UTC).
        ["monthly.checkpoint"] = ("审计链检查点 #{0} · {1} 条记录 · #{2} · {3}", "trail checkpoint #{0} · {1} records · #{2} · {3}"),
        ["monthly.signOff"] = ("安全管理部门审核", "Safety office sign-off"),
        ["monthly.signOff.remarks"] = ("审核意见：", "Review remarks:"),
        ["monthly.signOff.reviewer"] = ("审核人（签字）：____________________　　日期：______年____月____日", "Reviewed by (signature): ____________________    Date: ______________"),
        ["monthly.signOff.head"] = ("安全管理部门负责人（签字）：____________________　　（盖章）", "Head of the safety office (signature): ____________________    (stamp)"),
    };
}
