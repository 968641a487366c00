namespace SafetyFlow.Web.Infrastructure;

/// <summary>The words of an inspection's record (page and PDF) and of a member's past inspections, part of <see cref="Ui"/>.</summary>
internal static class UiRecordTexts
{
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Texts = new Dictionary<string, (string Zh, string En)>(StringComparer.Ordinal)
    {
        ["nav.history"] = ("检查记录", "Past inspections"),
        ["record.title"] = ("检查记录", "Inspection record"),
        ["record.zone"] = ("区域", "Zone"),
        ["record.week"] = ("周次", "Week"),
        ["record.inspector"] = ("检查人", "Inspected by"),
        ["record.submitted"] = ("提交时间", "Submitted"),
        ["record.window"] = ("检查时段", "Visit window"),
        ["record.presence"] = ("现场", "On site"),
        ["record.summary"] = ("共 {0} 项：合格 {1} 项，不合格 {2} 项，不适用 {3} 项；照片 {4} 张；登记隐患 {5} 项。",
            "{0} answers: {1} pass, {2} fail, {3} N/A; photos: {4}; findings raised: {5}."),
        ["record.reading"] = ("读数", "Reading"),
        ["record.note"] = ("备注", "Note"),
        ["record.photos"] = ("照片 {0} 张", "Photos: {0}"),
        ["record.findings"] = ("登记的隐患", "Findings raised"),
        ["record.noFindings"] = ("本次检查没有登记隐患。", "No finding was raised in this inspection."),
        ["record.findingLine"] = ("{0}，整改责任人 {1}，期限 {2}", "{0}; owner {1}; due {2}"),
        ["record.print"] = ("打印", "Print"),
        ["record.pdf"] = ("下载 PDF", "Download PDF"),
        ["record.generated"] = ("生成时间 {0}（{1}）", "Generated {0} ({1})"),
        ["record.pageHeader"] = ("检查记录 · {0} · {1} · 生成时间 {2}（{3}）", "Inspection record · {0} · {1} · generated {2} ({3})"),
        ["record.page"] = ("第 {0} 页，共 {1} 页", "Page {0} of {1}"),
        ["record.inspectorSignature"] = ("检查人（签字）：____________________　　日期：__________", "Inspector (signature): ____________________    Date: __________"),
        ["history.title"] = ("我的检查记录", "My past inspections"),
        ["history.help"] = ("您提交过的检查，最新的在前。打开一条查看完整记录，可打印或下载 PDF。",
            "The inspections you submitted, newest first. Open one for its full record, to print or to download as PDF."),
        ["history.none"] = ("您还没有提交过检查。", "You have not submitted an inspection yet."),
        ["history.counts"] = ("{0} 项 · 不合格 {1} 项 · 照片 {2} 张", "{0} answers · {1} failed · photos: {2}"),
        ["history.findings"] = ("登记的隐患（{0}）", "Findings raised ({0})"),
        ["history.open"] = ("查看记录", "Open the record"),
        ["history.badPage"] = ("页码无效。", "The page is not valid."),
    };
}
