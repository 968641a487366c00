using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// The reports' cost follows what they count, not the whole table: the statements the closure report, the monthly
/// report, the zone ratings and the office dashboard send are planned through the indexes made for them.
/// </summary>
public sealed partial class ReportQueryPlanTests
{
    [SqliteFact("the plans are SQLite's EXPLAIN QUERY PLAN; PostgreSQL plans a table this small as a scan whatever its indexes")]
    public async Task The_reports_read_findings_and_rejections_through_their_indexes()
    {
        var commands = new CommandLog();
        await using var app = new SafetyFlowApp(
            SafetyFlowApp.NewDatabase(),
            settings: new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information" },
            services: s => s.AddSingleton<ILoggerProvider>(commands));
        var safety = await app.SignInAsync("safety1");
        await safety.GetJsonAsync("/api/reports/closure?from=2026-11-01&to=2026-11-30&groupBy=zone");
        await safety.GetJsonAsync("/api/zones/ratings?month=2026-11");
        (await safety.GetAsync("/api/reports/monthly?month=2026-11&format=pdf")).EnsureSuccessStatusCode();
        using (var scope = app.Services.CreateScope())
        {
            var office = new Viewer(Guid.NewGuid(), "safety1", new HashSet<Role> { Role.SafetyOffice }, new HashSet<Guid>());
            await scope.ServiceProvider.GetRequiredService<OfficeOverview>().HandleAsync(office, CancellationToken.None);
        }

        var plans = await PlansAsync(app, commands.Statements.Where(s => s.Contains("\"Findings\"", StringComparison.Ordinal)));

        // The closure figures of a period: every counted column from the covering index, the table never read.
        Assert.Contains(plans, p => p.Steps.Any(s => s.Contains("USING COVERING INDEX IX_Findings_ClosureFigures (RaisedAt>? AND RaisedAt<?)", StringComparison.Ordinal)));

        // By zone, the findings are grouped by the zone column they hold, each finding never joined to its zone.
        Assert.Contains(plans, p => p.Sql.Contains("GROUP BY \"f\".\"ZoneId\"", StringComparison.Ordinal)
            && p.Sql.Contains("MIN(\"f\".\"RaisedAt\")", StringComparison.Ordinal)
            && !p.Sql.Contains("\"Zones\"", StringComparison.Ordinal)
            && p.Steps.Any(s => s.Contains("USING COVERING INDEX IX_Findings_ClosureFigures (RaisedAt>? AND RaisedAt<?)", StringComparison.Ordinal)));

        // Open, overdue and the monthly report's longest overdue: a seek on ClosedAt null, then DueAt.
        Assert.Contains(plans, p => p.Sql.Contains("LIMIT", StringComparison.Ordinal)
            && p.Steps.Any(s => s.Contains("USING INDEX IX_Findings_ClosedAt_DueAt (ClosedAt=? AND DueAt<?)", StringComparison.Ordinal)));
        Assert.Contains(plans, p => p.Sql.StartsWith("SELECT COUNT(*)", StringComparison.Ordinal)
            && p.Steps.Any(s => s.Contains("USING COVERING INDEX IX_Findings_ClosedAt_DueAt (ClosedAt=? AND DueAt<?)", StringComparison.Ordinal)));

        // A month's rejections, from the index holding only rejections.
        Assert.Contains(plans, p => p.Steps.Any(s => s.Contains("IX_FindingTransitions_Rejections (At>? AND At<?)", StringComparison.Ordinal)));

        Assert.All(plans, p => Assert.DoesNotContain(p.Steps, s => s.StartsWith("SCAN Findings", StringComparison.Ordinal) || s.StartsWith("SCAN f ", StringComparison.Ordinal) || s == "SCAN f"));

        // The zone ratings: the month's findings and inspections of every zone through the month's range, never each
        // zone's whole history through a zone index.
        var ratings = await PlansAsync(app, commands.Statements.Where(s => s.Contains("GROUP BY \"f\".\"ZoneId\"", StringComparison.Ordinal)
            || s.Contains("GROUP BY \"i\".\"ZoneId\"", StringComparison.Ordinal)));
        Assert.Contains(ratings, p => p.Steps.Any(s => s.Contains("USING INDEX IX_Inspections_DueAt (DueAt>? AND DueAt<?)", StringComparison.Ordinal)));
        Assert.All(ratings, p => Assert.DoesNotContain(p.Steps, s => s.Contains("(ZoneId=?)", StringComparison.Ordinal) || s.StartsWith("SCAN", StringComparison.Ordinal)));
    }

    private static async Task<List<(string Sql, List<string> Steps)>> PlansAsync(SafetyFlowApp app, IEnumerable<string> statements)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var plans = new List<(string, List<string>)>();
        foreach (var sql in statements.Distinct())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;

            // The plan is made before values are bound; each parameter only has to be there.
            foreach (var name in Parameter().Matches(sql).Select(m => m.Value).Distinct())
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = DBNull.Value;
                command.Parameters.Add(parameter);
            }

            var steps = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                steps.Add(reader.GetString(3));
            }

            plans.Add((sql, steps));
        }

        return plans;
    }

    [GeneratedRegex(@"@\w+")]
    private static partial Regex Parameter();

    /// <summary>The text of every command EF Core runs, from its command log.</summary>
    private sealed class CommandLog : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Statements { get; } = new();

        public ILogger CreateLogger(string categoryName) => categoryName == DbLoggerCategory.Database.Command.Name ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values
                && values.FirstOrDefault(v => v.Key == "commandText").Value is string sql
                && sql.StartsWith("SELECT", StringComparison.Ordinal))
            {
                Statements.Enqueue(sql);
            }
        }

        public void Dispose()
        {
        }
    }
}
