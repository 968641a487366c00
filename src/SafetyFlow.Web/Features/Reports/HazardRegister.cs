using System.Runtime.CompilerServices;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Workflows;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;
using Severity = SafetyFlow.Workflows.Model.Severity;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>The hazard register's question: findings raised in [from, to) that the viewer may see, as xlsx or csv, in the language.</summary>
public sealed record HazardRegisterRequest(string? From, string? To, string? Format, string Language, Viewer Viewer);

internal sealed class HazardRegisterRequestValidator : AbstractValidator<HazardRegisterRequest>
{
    public HazardRegisterRequestValidator(WorkCalendar calendar, TimeProvider clock)
    {
        this.RuleForRange(r => r.From, r => r.To, calendar, clock);
        RuleFor(r => r.Format).Must(f => f is null or "xlsx" or "csv").WithMessage("Use xlsx or csv.").OverridePropertyName("format");
    }
}

/// <summary>
/// The hazard register (隐患台账): one row per finding raised in the period, as XLSX or CSV. The rows are read one at a
/// time from the database and written as they come, so a register of a million findings takes no more memory than one of ten.
/// </summary>
public sealed class HazardRegister(
    IValidator<HazardRegisterRequest> validator,
    SafetyFlowDbContext db,
    FindingReader reader,
    WorkflowRegistry workflows,
    WorkCalendar calendar,
    TimeProvider clock)
{
    public async Task<Result<StreamedReport>> HandleAsync(HazardRegisterRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var (start, end) = ReportPeriod.Range(request.From, request.To, calendar, clock.GetUtcNow());
        var findings = reader.Visible(request.Viewer).Where(f => f.RaisedAt >= start && f.RaisedAt < end);
        var table = new RegisterTable(workflows, calendar, request.Language);
        var name = $"hazard-register-{calendar.ToLocal(start):yyyyMMdd}-{calendar.ToLocal(end.AddTicks(-1)):yyyyMMdd}";
        return request.Format == "csv"
            ? new StreamedReport(
                "text/csv; charset=utf-8",
                name + ".csv",
                (body, ct) => Spreadsheets.CsvAsync(body, table.Headers, table.RowsAsync(RegisterRows.Read(db, findings), ct), ct))
            : new StreamedReport(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                name + ".xlsx",
                (body, ct) => Spreadsheets.XlsxAsync(
                    body, table.Headers, table.RowsAsync(RegisterRows.Read(db, findings), ct), request.Language == "zh-CN" ? "隐患台账" : "Hazard register", ct));
    }
}

/// <summary>The endpoint over <see cref="HazardRegister"/>.</summary>
internal static class HazardRegisterEndpoint
{
    public static async Task<Results<PushStreamHttpResult, FailureHttpResult>> Handle(
        string? from, string? to, string? format, HttpContext context, ViewerFactory viewers, HazardRegister register, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var result = await register.HandleAsync(new HazardRegisterRequest(from, to, format, WorkflowViews.Language(context), viewer), cancellationToken);
        return result.ToHttp(file => TypedResults.Stream(body => file.WriteToAsync(body, cancellationToken), file.ContentType, file.FileName));
    }
}

/// <summary>One finding as the register shows it: only the columns it prints, names resolved.</summary>
internal sealed record RegisterRow(
    Guid Id,
    string? Unit,
    string ZoneName,
    string AssetName,
    string WorkflowId,
    string ItemId,
    string Category,
    Severity Severity,
    string State,
    string? Owner,
    string OwnerName,
    string? RaisedBy,
    DateTimeOffset RaisedAt,
    DateTimeOffset DueAt,
    string? Note,
    DateTimeOffset? FixSubmittedAt,
    string? FixNote,
    DateTimeOffset? ClosedAt,
    string? ClosedBy,
    int Rejections,
    int ExtensionRequests,
    int EscalationLevel,
    bool Supervised,
    Guid? RepeatOfId,
    FiveFixes? FiveFixes,
    bool OnSite = false)
{
    public bool ClosedOnTime => ClosedAt is { } closed && closed <= DueAt;
}

/// <summary>The register's own query: untracked, oldest first (or in the order given), one row at a time.</summary>
internal static class RegisterRows
{
    public static IAsyncEnumerable<RegisterRow> Read(SafetyFlowDbContext db, IQueryable<Finding> findings) =>
        InOrder(db, findings.OrderBy(f => f.RaisedAt).ThenBy(f => f.Id));

    /// <summary>The rows of findings already put in the order they are to be written, as a finding list shows them.</summary>
    public static IAsyncEnumerable<RegisterRow> InOrder(SafetyFlowDbContext db, IOrderedQueryable<Finding> findings) =>
        findings
            .AsNoTracking()
            .Select(f => new RegisterRow(
                f.Id,

                // The unit the finding belongs to is its zone's now (decision 008, as Scope reads it).
                f.Zone!.Unit!.Key,
                f.Zone.Name,

                // A finding on an item asked once per zone visit has no asset: the zone stands in its place.
                f.AssetId == null ? f.Zone.Name : f.Asset!.Name,
                f.WorkflowId,
                f.ItemId,
                f.Category,
                f.Severity,
                f.State,
                f.Owner!.UserName,
                f.Owner.DisplayName,
                f.RaisedBy!.UserName,
                f.RaisedAt,
                f.DueAt,
                f.Note,
                f.FixSubmittedAt,
                f.FixNote,
                f.ClosedAt,
                db.Users.Where(u => u.Id == f.ClosedById).Select(u => u.UserName).FirstOrDefault(),
                f.Rejections,
                f.ExtensionRequests,
                f.EscalationLevel,
                f.Supervised,
                f.RepeatOfId,
                f.FiveFixes,

                // Whether the inspection that raised it was shown to be done on site (a scan of the zone sign).
                db.Inspections.Where(i => i.Id == f.InspectionId).Select(i => i.ArrivedAt != null).FirstOrDefault()))
            .AsAsyncEnumerable();
}

/// <summary>The register's columns, in both languages.</summary>
internal sealed class RegisterTable(WorkflowRegistry workflows, WorkCalendar calendar, string language)
{
    private static readonly (string Zh, string En, Func<RegisterRow, RegisterTable, int, object?> Value)[] Columns =
    [
        ("序号", "No.", (_, _, n) => n),
        ("隐患编号", "Finding id", (f, _, _) => f.Id.ToString()),
        ("单位", "Unit", (f, _, _) => f.Unit ?? "?"),
        ("责任区", "Zone", (f, _, _) => f.ZoneName),
        ("设备设施", "Asset", (f, _, _) => f.AssetName),
        ("类别", "Category", (f, _, _) => f.Category),
        ("检查项", "Checklist item", (f, t, _) => t.ItemText(f)),
        ("隐患等级", "Severity", (f, t, _) => t.Zh ? (f.Severity == Severity.Major ? "重大隐患" : "一般隐患") : f.Severity.ToString().ToLowerInvariant()),
        ("重复隐患", "Repeat", (f, t, _) => t.YesNo(f.RepeatOfId is not null)),
        ("隐患描述", "Description", (f, _, _) => f.Note),
        ("发现人", "Raised by", (f, _, _) => f.RaisedBy ?? ""),
        ("发现时间", "Raised at", (f, t, _) => t.Local(f.RaisedAt)),
        ("整改责任人", "Owner", (f, _, _) => f.OwnerName.Length > 0 ? f.OwnerName : f.Owner ?? ""),
        ("整改期限", "Deadline", (f, t, _) => t.Local(f.DueAt)),
        ("状态", "State", (f, _, _) => f.State),
        ("整改措施", "Measures", (f, _, _) => f.FiveFixes?.Measures),
        ("整改资金", "Funds", (f, _, _) => f.FiveFixes?.Funds),
        ("整改负责人", "Responsible person", (f, _, _) => f.FiveFixes?.ResponsiblePerson),
        ("五定整改时限", "Five-fixes deadline", (f, t, _) => t.Local(f.FiveFixes?.Deadline)),
        ("应急预案", "Contingency plan", (f, _, _) => f.FiveFixes?.ContingencyPlan),
        ("整改完成时间", "Fixed at", (f, t, _) => t.Local(f.FixSubmittedAt)),
        ("整改说明", "Fix note", (f, _, _) => f.FixNote),
        ("验收销号时间", "Accepted at", (f, t, _) => t.Local(f.ClosedAt)),
        ("验收人", "Accepted by", (f, _, _) => f.ClosedBy),
        ("按期整改", "Closed on time", (f, t, _) => f.ClosedAt is null ? null : t.YesNo(f.ClosedOnTime)),
        ("验收退回次数", "Rejections", (f, _, _) => f.Rejections),
        ("延期申请次数", "Extension requests", (f, _, _) => f.ExtensionRequests),
        ("升级层级", "Escalation level", (f, _, _) => f.EscalationLevel),
        ("挂牌督办", "Supervised", (f, t, _) => t.YesNo(f.Supervised)),
        ("现场检查", "Found on site", (f, t, _) => t.YesNo(f.OnSite)),
    ];

    private bool Zh => language == "zh-CN";

    public IReadOnlyList<string> Headers => [.. Columns.Select(c => Zh ? c.Zh : c.En)];

    /// <summary>The findings' rows, numbered from 1 in the order they come.</summary>
    public async IAsyncEnumerable<IReadOnlyList<object?>> RowsAsync(
        IAsyncEnumerable<RegisterRow> findings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var number = 0;
        await foreach (var finding in findings.WithCancellation(cancellationToken))
        {
            number++;
            var values = new object?[Columns.Length];
            for (var c = 0; c < Columns.Length; c++)
            {
                values[c] = Columns[c].Value(finding, this, number);
            }

            yield return values;
        }
    }

    private string YesNo(bool value) => Zh ? (value ? "是" : "否") : (value ? "yes" : "no");

    /// <summary>Local wall-clock time in the work calendar, as a spreadsheet shows dates.</summary>
    private DateTime? Local(DateTimeOffset? instant) => instant is { } i ? calendar.ToLocal(i).DateTime : null;

    /// <summary>The checklist item's text in the language, or its id when the checklist no longer has it.</summary>
    private string ItemText(RegisterRow row) =>
        (workflows.Current.Find(row.WorkflowId) as InspectionWorkflow)?.FindItem(row.ItemId)?.Text.For(language) ?? row.ItemId;
}
