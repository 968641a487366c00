using FluentValidation;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>A finding list's search, written as a file: <c>csv</c> or <c>xlsx</c>.</summary>
public sealed record ExportFindingsRequest(ListFindingsRequest Search, string? Format);

/// <summary>
/// Every finding a list's search matches, in the list's order and not cut into pages, with the hazard register's
/// columns, written by the register's own streamed writers: rows are read and written one at a time, whatever their number.
/// </summary>
public sealed class ExportFindings(
    IValidator<ListFindingsRequest> validator,
    ListFindings list,
    SafetyFlowDbContext db,
    WorkflowRegistry workflows,
    WorkCalendar calendar,
    TimeProvider clock)
{
    public async Task<Result<StreamedReport>> HandleAsync(ExportFindingsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Format is not ("xlsx" or "csv"))
        {
            return new Failure.Invalid(new Dictionary<string, string[]> { ["format"] = ["Use xlsx or csv."] });
        }

        // The search is checked as the list checks it, so a file never holds what the list would have refused.
        if (await validator.RefusalAsync(request.Search, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var findings = list.Ordered(request.Search);
        var language = request.Search.Language;
        var table = new RegisterTable(workflows, calendar, language, await PeopleNames.AllAsync(db, cancellationToken));
        var name = $"findings-{calendar.ToLocal(clock.GetUtcNow()):yyyyMMdd-HHmm}";
        return request.Format == "csv"
            ? new StreamedReport(
                "text/csv; charset=utf-8",
                name + ".csv",
                (body, ct) => Spreadsheets.CsvAsync(body, table.Headers, table.RowsAsync(RegisterRows.InOrder(db, findings), ct), ct))
            : new StreamedReport(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                name + ".xlsx",
                (body, ct) => Spreadsheets.XlsxAsync(
                    body, table.Headers, table.RowsAsync(RegisterRows.InOrder(db, findings), ct), table.Sheet("register.findingsSheet"), ct));
    }
}
