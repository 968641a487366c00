using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Delivery;

namespace SafetyFlow.IntegrationTests.Delivery;

/// <summary>
/// With no email and no webhook configured, nothing leaves the app: a drain marks a batch of outbox rows planned in one
/// statement instead of one per row (a sweep of 10,000 steps leaves about 40,000 of them), each row once.
/// </summary>
public sealed class DrainWithoutChannelTests
{
    [Theory]
    [InlineData("Manual")]
    [InlineData("System")]
    public async Task A_drain_marks_each_batch_of_outbox_rows_planned_in_one_statement_and_every_row_once(string clock)
    {
        var outboxUpdates = new QueryCounter(sql => sql.StartsWith("UPDATE \"Outbox\"", StringComparison.Ordinal));
        await using var app = new SafetyFlowApp(
            SafetyFlowApp.NewDatabase(),
            settings: new Dictionary<string, string?> { ["SafetyFlow:Delivery:BatchSize"] = "10", ["SafetyFlow:Clock:Mode"] = clock },
            services: outboxUpdates.AddTo);
        await SweepClaimTests.RaiseFindingsAsync(app);
        int waiting;
        using (var scope = app.Services.CreateScope())
        {
            waiting = await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Outbox.CountAsync(m => m.ProcessedAt == null);
        }

        Assert.True(waiting > 20, $"{waiting} outbox rows were waiting.");
        var drain = app.Services.GetRequiredService<OutboxDrain>();
        var (result, statements) = await QueryCounter.CountingAsync(() => drain.RunAsync(CancellationToken.None));

        Assert.Equal(new DrainResult(0, 0, 0, 0), result);
        Assert.Equal((waiting + 9) / 10, statements);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var outbox = await db.Outbox.AsNoTracking().ToListAsync();
            Assert.DoesNotContain(outbox, m => m.ProcessedAt is null);
            Assert.All(outbox, m => Assert.Equal(1, m.Attempts));
            Assert.Empty(await db.Deliveries.ToListAsync());
        }
    }
}
