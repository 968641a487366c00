using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Workflows;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

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

/// <summary>The hazard register (隐患台账): one row per finding raised in the period, as XLSX or CSV.</summary>
public sealed class HazardRegister(
    IValidator<HazardRegisterRequest> validator,
    SafetyFlowDbContext db,
    FindingReader reader,
    WorkflowRegistry workflows,
    WorkCalendar calendar,
    TimeProvider clock)
{
    public async Task<Result<ReportFile>> HandleAsync(HazardRegisterRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var (start, end) = ReportPeriod.Range(request.From, request.To, calendar, clock.GetUtcNow());
        var facts = await FindingFacts.LoadAsync(db, reader.Visible(request.Viewer).Where(f => f.RaisedAt >= start && f.RaisedAt < end), cancellationToken);
        var table = RegisterTable.Build(facts, workflows, calendar, request.Language);
        var name = $"hazard-register-{calendar.ToLocal(start):yyyyMMdd}-{calendar.ToLocal(end.AddTicks(-1)):yyyyMMdd}";
        return request.Format == "csv"
            ? new ReportFile(Spreadsheets.Csv(table), "text/csv; charset=utf-8", name + ".csv")
            : new ReportFile(
                Spreadsheets.Xlsx(table, request.Language == "zh-CN" ? "隐患台账" : "Hazard register"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                name + ".xlsx");
    }
}

/// <summary>The endpoint over <see cref="HazardRegister"/>.</summary>
internal static class HazardRegisterEndpoint
{
    public static async Task<Results<FileContentHttpResult, FailureHttpResult>> Handle(
        string? from, string? to, string? format, HttpContext context, ViewerFactory viewers, HazardRegister register, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(context.User, cancellationToken);
        var result = await register.HandleAsync(new HazardRegisterRequest(from, to, format, WorkflowViews.Language(context), viewer), cancellationToken);
        return result.ToHttp(file => TypedResults.File(file.Content, file.ContentType, file.FileName));
    }
}

/// <summary>The register's columns, in both languages.</summary>
internal static class RegisterTable
{
    private static readonly (string Zh, string En, Func<FindingFact, Context, object?> Value)[] Columns =
    [
        ("序号", "No.", (f, c) => c.Number(f)),
        ("隐患编号", "Finding id", (f, _) => f.Id.ToString()),
        ("单位", "Unit", (f, _) => f.Unit),
        ("责任区", "Zone", (f, _) => f.ZoneName),
        ("设备设施", "Asset", (f, _) => f.AssetName),
        ("类别", "Category", (f, _) => f.Category),
        ("检查项", "Checklist item", (f, c) => FindingFacts.ItemText(c.Workflows, f, c.Language)),
        ("隐患等级", "Severity", (f, c) => c.Zh ? (f.Severity == SafetyFlow.Workflows.Model.Severity.Major ? "重大隐患" : "一般隐患") : f.Severity.ToString().ToLowerInvariant()),
        ("重复隐患", "Repeat", (f, c) => c.YesNo(f.RepeatOfId is not null)),
        ("隐患描述", "Description", (f, _) => f.Note),
        ("发现人", "Raised by", (f, _) => f.RaisedBy),
        ("发现时间", "Raised at", (f, c) => c.Local(f.RaisedAt)),
        ("整改责任人", "Owner", (f, _) => f.OwnerName.Length > 0 ? f.OwnerName : f.Owner),
        ("整改期限", "Deadline", (f, c) => c.Local(f.DueAt)),
        ("状态", "State", (f, _) => f.State),
        ("整改措施", "Measures", (f, _) => f.FiveFixes?.Measures),
        ("整改资金", "Funds", (f, _) => f.FiveFixes?.Funds),
        ("整改负责人", "Responsible person", (f, _) => f.FiveFixes?.ResponsiblePerson),
        ("五定整改时限", "Five-fixes deadline", (f, c) => c.Local(f.FiveFixes?.Deadline)),
        ("应急预案", "Contingency plan", (f, _) => f.FiveFixes?.ContingencyPlan),
        ("整改完成时间", "Fixed at", (f, c) => c.Local(f.FixSubmittedAt)),
        ("整改说明", "Fix note", (f, _) => f.FixNote),
        ("验收销号时间", "Accepted at", (f, c) => c.Local(f.ClosedAt)),
        ("验收人", "Accepted by", (f, _) => f.ClosedBy),
        ("按期整改", "Closed on time", (f, c) => f.ClosedAt is null ? null : c.YesNo(f.ClosedOnTime)),
        ("验收退回次数", "Rejections", (f, _) => f.Rejections),
        ("延期申请次数", "Extension requests", (f, _) => f.ExtensionRequests),
        ("升级层级", "Escalation level", (f, _) => f.EscalationLevel),
        ("挂牌督办", "Supervised", (f, c) => c.YesNo(f.Supervised)),
    ];

    public static SheetTable Build(IReadOnlyList<FindingFact> facts, WorkflowRegistry workflows, WorkCalendar calendar, string language)
    {
        var context = new Context(workflows, calendar, language, facts);
        return new SheetTable(
            [.. Columns.Select(c => context.Zh ? c.Zh : c.En)],
            [.. facts.Select(f => (IReadOnlyList<object?>)[.. Columns.Select(c => c.Value(f, context))])]);
    }

    internal sealed class Context(WorkflowRegistry workflows, WorkCalendar calendar, string language, IReadOnlyList<FindingFact> facts)
    {
        private readonly Dictionary<Guid, int> _numbers = facts.Select((f, i) => (f.Id, i + 1)).ToDictionary(p => p.Id, p => p.Item2);

        public WorkflowRegistry Workflows => workflows;

        public string Language => language;

        public bool Zh => language == "zh-CN";

        public int Number(FindingFact fact) => _numbers[fact.Id];

        public string YesNo(bool value) => Zh ? (value ? "是" : "否") : (value ? "yes" : "no");

        /// <summary>Local wall-clock time in the work calendar, as a spreadsheet shows dates.</summary>
        public DateTime? Local(DateTimeOffset? instant) => instant is { } i ? calendar.ToLocal(i).DateTime : null;
    }
}
