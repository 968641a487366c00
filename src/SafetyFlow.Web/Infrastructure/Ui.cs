using System.Collections.Frozen;
using System.Globalization;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// Every text the pages show, in Simplified Chinese and English, picked by the request's UI culture.
/// Checklist and workflow texts come from the definitions' own <c>LocalizedText</c>; these are the page's words.
/// </summary>
public sealed class Ui(WorkCalendar calendar)
{
    private static readonly FrozenDictionary<string, (string Zh, string En)> Texts = new Dictionary<string, (string Zh, string En)>
    {
        ["nav.label"] = ("主菜单", "Main menu"),
        ["nav.inspections"] = ("本周检查", "This week"),
        ["nav.myFindings"] = ("我的隐患", "My findings"),
        ["nav.review"] = ("待验收", "To accept"),
        ["nav.findings"] = ("隐患查询", "Findings"),
        ["nav.dashboard"] = ("总览", "Dashboard"),
        ["nav.workflow"] = ("整改流程", "Workflow"),
        ["nav.admin"] = ("管理", "Admin"),
        ["nav.signOut"] = ("退出", "Sign out"),
        ["common.back"] = ("返回", "Back"),
        ["common.home"] = ("首页", "Home"),
        ["denied.title"] = ("无权访问", "Not allowed"),
        ["denied.text"] = ("您的角色不能打开此页面。", "Your role cannot open this page."),
        ["login.title"] = ("登录", "Sign in"),
        ["login.userName"] = ("用户名", "User name"),
        ["login.password"] = ("密码", "Password"),
        ["login.submit"] = ("登录", "Sign in"),
        ["login.missing"] = ("请输入用户名和密码。", "Enter your user name and password."),
        ["login.failed"] = ("用户名或密码错误。", "The user name or password is wrong."),
        ["login.lockedOut"] = ("失败次数过多，请稍后再试。", "Too many failed attempts; try again later."),
        ["inspections.title"] = ("本周检查", "This week's inspections"),
        ["inspections.week"] = ("第 {0} 周", "Week {0}"),
        ["inspections.none"] = ("本周没有分配给您的检查。", "No inspections are assigned to you this week."),
        ["inspections.window"] = ("检查时段", "Visit window"),
        ["status.due"] = ("待检查", "Due"),
        ["status.overdue"] = ("已逾期", "Overdue"),
        ["status.submitted"] = ("已提交", "Submitted"),
        ["outcome.pass"] = ("合格", "Pass"),
        ["outcome.fail"] = ("不合格", "Fail"),
        ["outcome.na"] = ("不适用", "N/A"),
        ["severity.general"] = ("一般隐患", "General"),
        ["severity.major"] = ("重大隐患", "Major"),
        ["state.Open"] = ("待整改", "Open"),
        ["state.FixSubmitted"] = ("待验收", "Fix submitted"),
        ["state.Closed"] = ("已销号", "Closed"),
        ["checklist.reading"] = ("读数", "Reading"),
        ["checklist.limits.between"] = ("{0} 至 {1}", "{0} to {1}"),
        ["checklist.limits.min"] = ("不低于 {0}", "at least {0}"),
        ["checklist.limits.max"] = ("不高于 {0}", "at most {0}"),
        ["checklist.limits.none"] = ("无限值", "no limits"),
        ["checklist.outOfLimits"] = ("超出限值，记为不合格。", "Outside the limits: marked as a failure."),
        ["checklist.noteAndPhoto"] = ("备注和照片", "Note and photo"),
        ["checklist.note"] = ("备注", "Note"),
        ["checklist.photo"] = ("照片（JPEG 或 PNG）", "Photo (JPEG or PNG)"),
        ["checklist.markRestPass"] = ("其余未填项记为合格", "Mark the rest as pass"),
        ["checklist.submit"] = ("提交检查", "Submit inspection"),
        ["checklist.networkError"] = ("网络连接中断，未能提交。您填写的内容都保留在本机上，请在网络恢复后再次提交。", "The connection dropped and the inspection was not submitted. Everything you entered is kept on this phone; submit again when you are back online."),
        ["checklist.fixErrors"] = ("有些项目需要修改，未保存任何内容。请查看下方标出的项目。", "Some items need attention; nothing was stored. See the marked items below."),
        ["checklist.choosePhotosAgain"] = ("请重新选择照片。", "Please choose the photos again."),
        ["checklist.alreadySubmitted"] = ("此检查已经提交过。", "This inspection has already been submitted."),
        ["checklist.notYours"] = ("只有该区域的责任人可以提交此检查。", "Only the zone's member can submit this inspection."),
        ["checklist.answerAll"] = ("每一项都需要填写。", "Every item needs an answer."),
        ["checklist.valueNeeded"] = ("请填写读数，或选择不适用。", "Enter the reading, or choose N/A."),
        ["checklist.outcomeNeeded"] = ("请选择合格、不合格或不适用。", "Choose pass, fail or N/A."),
        ["checklist.answerInvalid"] = ("此项的答案无效。", "This answer is not valid."),
        ["checklist.notANumber"] = ("读数必须是数字。", "The reading must be a number."),
        ["checklist.submittedClean"] = ("检查已提交，全部合格。", "Inspection submitted: everything passed."),
        ["checklist.submittedWithFindings"] = ("检查已提交，不合格项已登记为隐患并通知责任人。", "Inspection submitted; each failure is registered as a finding and its owner is told."),
        ["photo.empty"] = ("照片文件是空的。", "The photo file is empty."),
        ["photo.tooLarge"] = ("照片太大，请选择较小的照片。", "The photo is too large; choose a smaller one."),
        ["photo.notImage"] = ("只接受 JPEG 或 PNG 格式的照片。", "Only JPEG or PNG photos are accepted."),
        ["photo.unreadable"] = ("无法读取这张照片。", "This photo could not be read."),
        ["photo.defect"] = ("隐患照片", "Finding photo"),
        ["photo.fix"] = ("整改照片", "Fix photo"),
        ["photo.none"] = ("无照片", "No photo"),
        ["mine.title"] = ("我的隐患", "My findings"),
        ["mine.none"] = ("没有待整改的隐患。", "No open findings."),
        ["mine.closed"] = ("最近销号", "Recently closed"),
        ["due.inDays"] = ("{0} 天后到期", "due in {0} d"),
        ["due.inHours"] = ("{0} 小时后到期", "due in {0} h"),
        ["due.overdueDays"] = ("逾期 {0} 天", "overdue {0} d"),
        ["due.overdueHours"] = ("逾期 {0} 小时", "overdue {0} h"),
        ["due.closedOnTime"] = ("按期销号", "closed on time"),
        ["due.closedLate"] = ("逾期销号", "closed late"),
        ["finding.zone"] = ("区域", "Zone"),
        ["finding.asset"] = ("设施", "Asset"),
        ["finding.owner"] = ("整改责任人", "Owner"),
        ["finding.raised"] = ("发现", "Raised"),
        ["finding.deadline"] = ("整改期限", "Deadline"),
        ["finding.value"] = ("读数", "Reading"),
        ["finding.note"] = ("检查备注", "Inspection note"),
        ["finding.fixNote"] = ("整改说明", "Fix note"),
        ["finding.extensionAsked"] = ("申请延期", "Extension asked"),
        ["finding.photos"] = ("照片", "Photos"),
        ["finding.history"] = ("处理记录", "History"),
        ["finding.rejections"] = ("退回 {0} 次", "rejected {0}×"),
        ["finding.supervised"] = ("挂牌督办", "Supervised listing"),
        ["finding.formIncomplete"] = ("请填写所有必填项。", "Fill in every required field."),
        ["finding.notAllowed"] = ("您不能对此隐患执行此操作。", "You may not take this action on this finding."),
        ["finding.notNow"] = ("此隐患当前状态不允许此操作。", "This action is not allowed in the finding's current state."),
        ["finding.changedMeanwhile"] = ("此隐患刚被他人修改，请刷新后重试。", "Someone changed this finding meanwhile; reload and try again."),
        ["finding.fixSubmitted"] = ("整改已提交，等待验收。", "Fix submitted; waiting for acceptance."),
        ["finding.approved"] = ("已验收，隐患销号。", "Accepted; the finding is closed."),
        ["finding.rejected"] = ("已退回，隐患回到整改责任人。", "Rejected; the finding is back with its owner."),
        ["finding.fiveFixesRecorded"] = ("五定已记录。", "The five fixes are recorded."),
        ["finding.extensionRequested"] = ("延期申请已发送。", "Extension request sent."),
        ["finding.extensionApproved"] = ("已同意延期。", "Extension approved."),
        ["finding.extensionDeclined"] = ("已拒绝延期。", "Extension declined."),
        ["fiveFixes.title"] = ("五定（重大隐患）", "Five fixes (major finding)"),
        ["fiveFixes.why"] = ("重大隐患在提交整改前须落实整改措施、资金、责任人、时限和应急预案。", "A major finding needs measures, funds, a responsible person, a deadline and a contingency plan before its fix."),
        ["fiveFixes.measures"] = ("整改措施", "Measures"),
        ["fiveFixes.funds"] = ("整改资金", "Funds"),
        ["fiveFixes.responsible"] = ("责任人", "Responsible person"),
        ["fiveFixes.deadline"] = ("整改时限", "Deadline"),
        ["fiveFixes.contingency"] = ("应急预案", "Contingency plan"),
        ["fiveFixes.submit"] = ("保存五定", "Save the five fixes"),
        ["fix.title"] = ("提交整改", "Report the fix"),
        ["fix.note"] = ("整改说明", "What was done"),
        ["fix.photo"] = ("整改照片（JPEG 或 PNG）", "Photo of the fix (JPEG or PNG)"),
        ["fix.submit"] = ("提交整改", "Submit the fix"),
        ["fix.needsFiveFixes"] = ("请先填写五定。", "Record the five fixes first."),
        ["decide.title"] = ("验收", "Acceptance"),
        ["decide.note"] = ("验收意见（可选）", "Note (optional)"),
        ["decide.accept"] = ("验收通过", "Accept"),
        ["decide.reason"] = ("退回原因", "Reason for rejecting"),
        ["decide.reject"] = ("退回整改", "Reject"),
        ["extension.request"] = ("申请延期", "Ask for more time"),
        ["extension.newDeadline"] = ("新期限", "New deadline"),
        ["extension.reason"] = ("原因", "Reason"),
        ["extension.send"] = ("发送申请", "Send request"),
        ["extension.decide"] = ("延期申请", "Extension request"),
        ["extension.approve"] = ("同意延期", "Approve extension"),
        ["extension.decline"] = ("拒绝延期", "Decline extension"),
        ["action.raise"] = ("登记隐患", "Registered"),
        ["action.raiseFixedOnSpot"] = ("登记（当场整改）", "Registered (fixed on the spot)"),
        ["action.fix"] = ("提交整改", "Fix submitted"),
        ["action.approve"] = ("验收销号", "Accepted"),
        ["action.reject"] = ("退回整改", "Rejected"),
        ["action.requestExtension"] = ("申请延期", "Extension requested"),
        ["action.approveExtension"] = ("同意延期", "Extension approved"),
        ["action.declineExtension"] = ("拒绝延期", "Extension declined"),
        ["action.recordFiveFixes"] = ("落实五定", "Five fixes recorded"),
        ["action.remind"] = ("提醒", "Reminder"),
        ["action.escalate"] = ("升级", "Escalated"),
        ["review.title"] = ("待验收", "To accept"),
        ["review.fixes"] = ("待验收的整改", "Fixes to accept"),
        ["review.noFixes"] = ("没有待验收的整改。", "No fixes are waiting."),
        ["review.extensions"] = ("延期申请", "Extension requests"),
        ["review.noExtensions"] = ("没有待处理的延期申请。", "No extension requests."),
        ["review.unitFindings"] = ("本单位全部隐患", "All findings of my units"),
        ["search.title"] = ("隐患查询", "Findings"),
        ["search.state"] = ("状态", "State"),
        ["search.severity"] = ("等级", "Severity"),
        ["search.zone"] = ("区域", "Zone"),
        ["search.owner"] = ("责任人用户名", "Owner (user name)"),
        ["search.overdueOnly"] = ("仅逾期", "Overdue only"),
        ["search.any"] = ("全部", "Any"),
        ["search.apply"] = ("查询", "Search"),
        ["search.count"] = ("共 {0} 条", "{0} found"),
        ["zoneInspect.title"] = ("区域检查", "Zone inspection"),
        ["zoneInspect.noneDue"] = ("此区域目前没有待完成的检查。", "No inspection is due in this zone now."),
        ["zoneInspect.notYours"] = ("此区域不由您负责检查。", "You are not this zone's inspecting member."),
        ["dashboard.title"] = ("安全总览", "Safety dashboard"),
        ["dashboard.open"] = ("未销号", "Open"),
        ["dashboard.overdue"] = ("已逾期", "Overdue"),
        ["dashboard.closedOnTime"] = ("本月按期销号", "Closed on time this month"),
        ["dashboard.trend"] = ("每周新增与销号", "Raised and closed per week"),
        ["dashboard.raised"] = ("新增", "Raised"),
        ["dashboard.closed"] = ("销号", "Closed"),
        ["dashboard.worstZones"] = ("问题最多的区域", "Zones lagging most"),
        ["dashboard.worstCategories"] = ("问题最多的类别", "Categories lagging most"),
        ["dashboard.key"] = ("名称", "Name"),
        ["dashboard.onTimeRate"] = ("按期率", "On time"),
        ["dashboard.none"] = ("本季度暂无隐患。", "No findings this quarter."),
        ["category.extinguisher"] = ("灭火器", "Extinguishers"),
        ["category.hydrant"] = ("消火栓", "Hydrants"),
        ["category.electrical"] = ("电气", "Electrical"),
        ["category.kitchen"] = ("食品安全", "Food safety"),
        ["workflow.title"] = ("整改流程", "Rectification workflow"),
        ["workflow.source"] = ("流程定义（Mermaid）", "Definition (Mermaid)"),
        ["admin.title"] = ("管理", "Admin"),
        ["admin.import"] = ("导入组织架构", "Import the organisation"),
        ["admin.importHelp"] = ("上传 JSON 格式的组织文件（单位、人员、区域、设施），按编号更新；有任何错误则全部不保存。", "Upload the organisation document (JSON: units, people, zones, assets). Rows are upserted by key; one error stores nothing."),
        ["admin.file"] = ("组织文件", "Organisation file"),
        ["admin.upload"] = ("上传并导入", "Upload and import"),
        ["admin.imported"] = ("导入完成：{0} 个单位，{1} 人，{2} 个区域，{3} 个设施。", "Imported: {0} units, {1} people, {2} zones, {3} assets."),
        ["admin.importErrors"] = ("文件有错误，未保存任何内容：", "The file has errors; nothing was stored:"),
        ["admin.row"] = ("位置", "Row"),
        ["admin.problem"] = ("问题", "Problem"),
        ["admin.notJson"] = ("文件不是有效的 JSON。", "The file is not valid JSON."),
        ["admin.noFile"] = ("请选择文件。", "Choose a file."),
        ["admin.people"] = ("人员", "People"),
        ["admin.zones"] = ("区域与设施", "Zones and assets"),
        ["admin.jobs"] = ("后台任务", "Background jobs"),
        ["admin.userName"] = ("用户名", "User name"),
        ["admin.name"] = ("姓名", "Name"),
        ["admin.phone"] = ("电话", "Phone"),
        ["admin.roles"] = ("角色", "Roles"),
        ["admin.unit"] = ("单位", "Unit"),
        ["admin.zone"] = ("区域", "Zone"),
        ["admin.member"] = ("检查责任人", "Member"),
        ["admin.assets"] = ("设施", "Assets"),
        ["admin.sign"] = ("区域标牌", "Zone sign"),
        ["sign.title"] = ("安全检查责任区", "Safety inspection zone"),
        ["sign.member"] = ("责任人", "Member"),
        ["sign.phone"] = ("电话", "Phone"),
        ["sign.scan"] = ("扫码进入本区域检查", "Scan to open this zone's inspection"),
        ["sign.print"] = ("打印", "Print"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public bool IsChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";

    public string Language => IsChinese ? "zh-CN" : "en";

    /// <summary>The text for a key in the request's language; an unknown key shows itself, so a gap is visible.</summary>
    public string this[string key] => Texts.TryGetValue(key, out var text) ? (IsChinese ? text.Zh : text.En) : key;

    public static IEnumerable<string> Keys => Texts.Keys;

    public static (string Zh, string En) Both(string key) => Texts[key];

    public string Format(string key, params object[] values) => string.Format(CultureInfo.CurrentCulture, this[key], values);

    /// <summary>A local date and time, as people in the work time zone read it.</summary>
    public string When(DateTimeOffset instant) => calendar.ToLocal(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public string Time(DateTimeOffset instant) => calendar.ToLocal(instant).ToString("HH:mm", CultureInfo.InvariantCulture);

    public string Limits(decimal? min, decimal? max, string? unit) => (min, max) switch
    {
        ({ } low, { } high) => Format("checklist.limits.between", $"{low} {unit}", $"{high} {unit}"),
        ({ } low, null) => Format("checklist.limits.min", $"{low} {unit}"),
        (null, { } high) => Format("checklist.limits.max", $"{high} {unit}"),
        _ => this["checklist.limits.none"],
    };

    public string Action(string action) => Texts.ContainsKey($"action.{action}") ? this[$"action.{action}"] : action;

    /// <summary>The deadline badge: how long until it, how long past it, or how the finding closed.</summary>
    public (string Css, string Text) Due(DateTimeOffset dueAt, DateTimeOffset? closedAt, DateTimeOffset now)
    {
        if (closedAt is { } closed)
        {
            return closed <= dueAt ? ("on-time", this["due.closedOnTime"]) : ("late", this["due.closedLate"]);
        }

        var left = dueAt - now;
        if (left >= TimeSpan.Zero)
        {
            return left >= TimeSpan.FromDays(1)
                ? ("due-in", Format("due.inDays", (int)left.TotalDays))
                : ("due-soon", Format("due.inHours", Math.Max(1, (int)Math.Ceiling(left.TotalHours))));
        }

        var past = now - dueAt;
        return past >= TimeSpan.FromDays(1)
            ? ("overdue", Format("due.overdueDays", (int)past.TotalDays))
            : ("overdue", Format("due.overdueHours", Math.Max(1, (int)Math.Ceiling(past.TotalHours))));
    }
}
