using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.IntegrationTests.Audit;

/// <summary>
/// The hazard register of a few thousand findings is written as the rows are read, as CSV and as XLSX: the download
/// starts while the database is still being read, instead of after the whole file has been built.
/// </summary>
public sealed class RegisterStreamingTests : IAsyncLifetime
{
    private const int Findings = 3_000;
    private const string Url = "/api/reports/register?from=2026-11-01&to=2026-11-30";
    private readonly RegisterReadGate _gate = new();
    private readonly SafetyFlowApp _app;
    private HashSet<string> _seeded = [];

    public RegisterStreamingTests()
    {
        _app = new SafetyFlowApp(SafetyFlowApp.NewDatabase(), services: AddGate);
    }

    public async Task InitializeAsync() => _seeded = await SeedAsync();

    public async Task DisposeAsync()
    {
        _gate.Release();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_csv_register_starts_arriving_while_its_findings_are_still_being_read()
    {
        var safety = await _app.SignInAsync("safety1");
        _gate.Arm();

        // The register's database reader is held open until released; a register built whole in memory would never
        // send a byte, so waiting for the headers would time out.
        using var response = await safety.GetAsync(Url + "&format=csv", HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        var header = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var first = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(_gate.Released);
        Assert.StartsWith("No.,Finding id", header!.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.StartsWith("1,", first, StringComparison.Ordinal);

        _gate.Release();
        var rest = (await reader.ReadToEndAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, _gate.Held);
        var rows = rest.Prepend(first!).Select(l => l.Split(',')).ToList();
        Assert.Superset(_seeded, rows.Select(r => r[1]).ToHashSet());
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(n => n.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r[0]));
    }

    [Fact]
    public async Task The_xlsx_register_starts_arriving_while_its_findings_are_still_being_read_and_reads_back_whole()
    {
        var safety = await _app.SignInAsync("safety1");
        _gate.Arm();

        // As for the CSV: a workbook built whole (in memory or in a file) before it is sent would send nothing while the
        // register's reader is held open; a streamed one has sent its first parts and most of the sheet.
        using var response = await safety.GetAsync(Url + "&format=xlsx", HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStreamAsync();
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (received.Length < 64 * 1024)
        {
            var read = await body.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotEqual(0, read);
            received.Write(buffer, 0, read);
        }

        Assert.False(_gate.Released);
        Assert.Equal("PK\u0003\u0004"u8.ToArray(), received.ToArray()[..4]);

        _gate.Release();
        await body.CopyToAsync(received);
        Assert.Equal(1, _gate.Held);
        received.Position = 0;
        using var document = SpreadsheetDocument.Open(received, isEditable: false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2016).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
        Assert.Equal("No.", rows[0].Elements<Cell>().First().InlineString!.InnerText);
        var ids = rows.Skip(1).Select(r => r.Elements<Cell>().ElementAt(1).InlineString!.InnerText).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Superset(_seeded, ids.ToHashSet());
    }

    [Fact]
    public async Task The_xlsx_register_of_thousands_of_findings_holds_every_finding_once_under_one_header_and_filter()
    {
        var safety = await _app.SignInAsync("safety1");
        using var response = await safety.GetAsync(Url + "&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2016).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var worksheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = worksheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(n => (uint)n), rows.Select(r => r.RowIndex!.Value));
        Assert.Equal("No.", rows[0].Elements<Cell>().First().InlineString!.InnerText);
        var ids = rows.Skip(1).Select(r => r.Elements<Cell>().ElementAt(1).InlineString!.InnerText).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Superset(_seeded, ids.ToHashSet());
        Assert.Equal("Found on site", rows[0].Elements<Cell>().Last().InlineString!.InnerText);
        Assert.Equal($"A1:AF{rows.Count}", worksheet.GetFirstChild<AutoFilter>()!.Reference!.Value);
    }

    private void AddGate(IServiceCollection services)
    {
        // On PostgreSQL the app registers its context under the provider's own type (its migrations differ).
        TestDatabase.AddInterceptor(services, _gate);
    }

    /// <summary>Raises the findings in the demo's canteen kitchen on the first day of the test clock, through the model.</summary>
    private async Task<HashSet<string>> SeedAsync()
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var lifecycle = scope.ServiceProvider.GetRequiredService<WorkflowRegistry>().Current.Rectification;
        var asset = await db.Assets.Include(a => a.Zone).FirstAsync(a => a.Zone!.Key == "z-canteen-kitchen" && a.Type == "extinguisher");
        var member = await db.Users.SingleAsync(u => u.Id == asset.Zone!.MemberId);
        var raiser = new FindingActor(member.Id, member.UserName!, new HashSet<Role> { Role.Member }, SupervisesZone: false);
        var ids = new HashSet<string>();
        for (var i = 0; i < Findings; i++)
        {
            var finding = Finding.Raise(
                new RaiseFindingCommand(null, asset.ZoneId, asset.Zone!.UnitId, asset.Id, "weekly-extinguisher-check", "in-place", "extinguisher", Severity.General, asset.OwnerId, raiser, null, $"finding {i}", false),
                lifecycle,
                SafetyFlowApp.Start.AddSeconds(i));
            db.Findings.Add(finding);
            ids.Add(finding.Id.ToString());
        }

        await db.SaveChangesAsync();
        return ids;
    }

    /// <summary>Holds the closing of the register's database reader, once armed, until released.</summary>
    private sealed class RegisterReadGate : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _armed;
        private int _held;

        public bool Released => _released.Task.IsCompleted;

        public int Held => _held;

        public void Arm() => Interlocked.Exchange(ref _armed, 1);

        public void Release() => _released.TrySetResult();

        public override async ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
        {
            if (command.CommandText.Contains("FiveFixes", StringComparison.Ordinal) && command.CommandText.Contains("ORDER BY", StringComparison.Ordinal)
                && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Interlocked.Increment(ref _held);
                await _released.Task;
            }

            return result;
        }
    }
}
