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
        var table = new RegisterTable(workflows, calendar, request.Language, await PeopleNames.AllAsync(db, cancellationToken));
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
                    body, table.Headers, table.RowsAsync(RegisterRows.Read(db, findings), ct), table.Sheet("register.sheet"), ct));
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
    Guid OwnerId,
    string? Owner,
    string OwnerName,
    Guid RaisedById,
    string? RaisedBy,
    DateTimeOffset RaisedAt,
    DateTimeOffset DueAt,
    string? Note,
    decimal? Value,
    DateTimeOffset? FixSubmittedAt,
    string? FixNote,
    DateTimeOffset? ClosedAt,
    Guid? ClosedById,
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
                f.Zone!.Unit!.Name,
                f.Zone.Name,

                // A finding on an item asked once per zone visit has no asset: the zone stands in its place.
                f.AssetId == null ? f.Zone.Name : f.Asset!.Name,
                f.WorkflowId,
                f.ItemId,
                f.Category,
                f.Severity,
                f.State,
                f.OwnerId,
                f.Owner!.UserName,
                f.Owner.DisplayName,
                f.RaisedById,
                f.RaisedBy!.UserName,
                f.RaisedAt,
                f.DueAt,
                f.Note,
                f.Value,
                f.FixSubmittedAt,
                f.FixNote,
                f.ClosedAt,
                f.ClosedById,
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

/// <summary>
/// The register's columns and values in one language: headers, states, categories, severities and yes/no from
/// <see cref="Ui"/> and the lifecycle definition, people by name (<see cref="PeopleNames"/>), units and zones by name.
/// </summary>
internal sealed class RegisterTable(WorkflowRegistry workflows, WorkCalendar calendar, string language, PeopleNames people)
{
    private static readonly (string Key, Func<RegisterRow, RegisterTable, int, object?> Value)[] Columns =
    [
        ("register.number", (_, _, n) => n),
        ("register.id", (f, _, _) => f.Id.ToString()),
        ("register.unit", (f, _, _) => f.Unit ?? "?"),
        ("register.zone", (f, _, _) => f.ZoneName),
        ("register.asset", (f, _, _) => f.AssetName),
        ("register.category", (f, t, _) => Ui.Category(f.Category, t._language)),
        ("register.item", (f, t, _) => t.ItemText(f)),
        ("register.severity", (f, t, _) => t.Grade(f.Severity)),
        ("register.repeat", (f, t, _) => t.YesNo(f.RepeatOfId is not null)),
        ("register.description", (f, t, _) => t.Description(f)),
        ("register.reading", (f, t, _) => f.Value is { } value ? Ui.Quantity(value, t.Item(f)?.Unit) : null),
        ("register.limits", (f, t, _) => f.Value is null || t.Item(f) is not { } item ? null : Ui.LimitsIn(item.Min, item.Max, item.Unit, t._language)),
        ("register.raisedBy", (f, t, _) => t._people.Of(f.RaisedById, f.RaisedBy)),
        ("register.raisedAt", (f, t, _) => t.Local(f.RaisedAt)),
        ("register.owner", (f, t, _) => t._people.Of(f.OwnerId, f.OwnerName.Length > 0 ? f.OwnerName : f.Owner)),
        ("register.deadline", (f, t, _) => t.Local(f.DueAt)),
        ("register.state", (f, t, _) => t.StateTitle(f.State)),
        ("register.measures", (f, _, _) => f.FiveFixes?.Measures),
        ("register.funds", (f, _, _) => f.FiveFixes?.Funds),
        ("register.responsible", (f, _, _) => f.FiveFixes?.ResponsiblePerson),
        ("register.fiveFixesDeadline", (f, t, _) => t.Local(f.FiveFixes?.Deadline)),
        ("register.contingency", (f, _, _) => f.FiveFixes?.ContingencyPlan),
        ("register.fixedAt", (f, t, _) => t.Local(f.FixSubmittedAt)),
        ("register.fixNote", (f, _, _) => f.FixNote),
        ("register.closedAt", (f, t, _) => t.Local(f.ClosedAt)),
        ("register.closedBy", (f, t, _) => f.ClosedById is null ? null : t._people.Of(f.ClosedById)),
        ("register.onTime", (f, t, _) => f.ClosedAt is null ? null : t.YesNo(f.ClosedOnTime)),
        ("register.rejections", (f, _, _) => f.Rejections),
        ("register.extensions", (f, _, _) => f.ExtensionRequests),
        ("register.escalation", (f, _, _) => f.EscalationLevel),
        ("register.supervised", (f, t, _) => t.YesNo(f.Supervised)),
        ("register.onSite", (f, t, _) => t.YesNo(f.OnSite)),
    ];

    private readonly WorkflowRegistry _workflows = workflows;
    private readonly string _language = language;
    private readonly PeopleNames _people = people;
    private readonly Dictionary<(string WorkflowId, string ItemId), ChecklistItem?> _items = [];

    /// <summary>The lifecycle's state titles in the language, read once for the whole file.</summary>
    private readonly Dictionary<string, string> _states = workflows.CurrentLifecycle.Definition.States
        .ToDictionary(s => s.Name, s => s.Title.For(language), StringComparer.Ordinal);

    public IReadOnlyList<string> Headers => [.. Columns.Select(c => Ui.Text(c.Key, _language))];

    /// <summary>The sheet's name in the language.</summary>
    public string Sheet(string key) => Ui.Text(key, _language);

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

    private string YesNo(bool value) => Ui.Text(value ? "common.yes" : "common.no", _language);

    /// <summary>The grade as the pages name it; in English lower case, as it reads in a sentence.</summary>
    private string Grade(Severity severity)
    {
        var text = Ui.Text("severity." + (severity == Severity.Major ? "major" : "general"), _language);
        return NotificationTexts.IsChinese(_language) ? text : text.ToLowerInvariant();
    }

    private string StateTitle(string state) => _states.TryGetValue(state, out var title) ? title : state;

    /// <summary>Local wall-clock time in the work calendar, as a spreadsheet shows dates.</summary>
    private DateTime? Local(DateTimeOffset? instant) => instant is { } i ? calendar.ToLocal(i).DateTime : null;

    /// <summary>The checklist item's text in the language, or its id when the checklist no longer has it.</summary>
    private string ItemText(RegisterRow row) => Item(row)?.Text.For(_language) ?? row.ItemId;

    /// <summary>The row's checklist item, looked up once per workflow and item for the whole file.</summary>
    private ChecklistItem? Item(RegisterRow row)
    {
        if (!_items.TryGetValue((row.WorkflowId, row.ItemId), out var item))
        {
            item = (_workflows.Current.Find(row.WorkflowId) as InspectionWorkflow)?.FindItem(row.ItemId);
            _items[(row.WorkflowId, row.ItemId)] = item;
        }

        return item;
    }

    /// <summary>The member's note; for a reading out of its limits with no note, the reading and the limits it broke.</summary>
    private string? Description(RegisterRow row) =>
        !string.IsNullOrWhiteSpace(row.Note) || row.Value is not { } value ? row.Note
        : Item(row) is { } item ? Ui.ReadingOutside(value, item.Unit, item.Min, item.Max, _language)
        : Ui.Quantity(value, null);
}
