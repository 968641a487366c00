using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Delivery;

namespace SafetyFlow.IntegrationTests.Delivery;

/// <summary>
/// With no email and no webhook configured, nothing leaves the app: a drain marks a batch of outbox rows planned in one
/// statement instead of one per row (a sweep of 10,000 steps leaves about 40,000 of them), each row once.
/// </summary>
public sealed class DrainWithoutChannelTests : IAsyncLifetime
{
    private readonly OutboxStatements _statements = new();
    private readonly SafetyFlowApp _app;

    public DrainWithoutChannelTests() => _app = new SafetyFlowApp(
        SafetyFlowApp.NewDatabase(),
        settings: new Dictionary<string, string?> { ["SafetyFlow:Delivery:BatchSize"] = "10" },
        services: _statements.AddTo);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_drain_marks_each_batch_of_outbox_rows_planned_in_one_statement_and_every_row_once()
    {
        await SweepClaimTests.RaiseFindingsAsync(_app);
        int waiting;
        using (var scope = _app.Services.CreateScope())
        {
            waiting = await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Outbox.CountAsync(m => m.ProcessedAt == null);
        }

        Assert.True(waiting > 20, $"{waiting} outbox rows were waiting.");
        _statements.Clear();
        var result = await _app.Services.GetRequiredService<OutboxDrain>().RunAsync(CancellationToken.None);

        Assert.Equal(new DrainResult(0, 0, 0, 0), result);
        Assert.Equal((waiting + 9) / 10, _statements.Count);
        using (var scope = _app.Services.CreateScope())
        {
            var outbox = await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Outbox.AsNoTracking().ToListAsync();
            Assert.DoesNotContain(outbox, m => m.ProcessedAt is null);
            Assert.All(outbox, m => Assert.Equal(1, m.Attempts));
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Deliveries.ToListAsync());
        }
    }

    /// <summary>Counts the statements that change outbox rows, however they are sent.</summary>
    private sealed class OutboxStatements : DbCommandInterceptor
    {
        private readonly ConcurrentBag<string> _seen = [];

        public int Count => _seen.Count;

        public void Clear() => _seen.Clear();

        public void AddTo(IServiceCollection services)
        {
            TestDatabase.AddInterceptor(services, this);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Watch(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Watch(command);
            return ValueTask.FromResult(result);
        }

        private void Watch(DbCommand command)
        {
            ArgumentNullException.ThrowIfNull(command);
            foreach (var statement in command.CommandText.Split(';'))
            {
                if (statement.Trim().StartsWith("UPDATE \"Outbox\"", StringComparison.Ordinal))
                {
                    _seen.Add(statement);
                }
            }
        }
    }
}
