using System.Data.Common;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Jobs;
using static SafetyFlow.IntegrationTests.EscalationTests;

namespace SafetyFlow.IntegrationTests.Time;

/// <summary>The simulation clock of several nodes on one database: one clock, moved on any node, followed by all.</summary>
public sealed class SharedClockTests
{
    [Fact]
    public async Task The_clock_moved_on_one_node_is_seen_by_another_whose_sweep_fires_the_due_steps()
    {
        var database = SafetyFlowApp.NewDatabase();

        // Node A stores the move, then stalls right after it, before its own sweep claims what is due, as a node dying
        // right there would. (The claim itself is a command of its own on the connection, which no EF Core interceptor
        // sees.)
        var stall = new CommandGate(command => command.CommandText.Contains("UPDATE \"SystemSettings\"", StringComparison.Ordinal), expected: 1, afterExecution: true);
        await using var a = new SafetyFlowApp(database, services: services => AddInterceptor(services, stall));
        await using var b = new SafetyFlowApp(database);
        var findingId = await RaiseGeneralFindingAsync(b);
        var adminA = await a.SignInAsync("admin");
        var adminB = await b.SignInAsync("admin");

        var move = adminA.PostAsJsonAsync("/api/admin/clock", new { advanceBy = "P6D" });
        await stall.AllArrived.WaitAsync(TimeSpan.FromSeconds(30));
        var expected = SafetyFlowApp.Start + TimeSpan.FromDays(6);

        // Within about a second B's clock shows A's move.
        var seen = DateTimeOffset.MinValue;
        for (var poll = 0; poll < 50 && seen != expected; poll++)
        {
            await Task.Delay(100);
            seen = (await adminB.GetJsonAsync("/api/admin/clock")).GetProperty("now").GetDateTimeOffset();
        }

        Assert.Equal(expected, seen);

        // B's sweep, as Hangfire runs it there, fires the reminder that came due.
        await using (var scope = b.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EscalationSweepJob>().RunAsync(CancellationToken.None);
        }

        Assert.Equal(1, await CountAsync(b, "owner-fire", "finding.reminder", findingId));

        // A, going on, finds nothing left to fire: the step fired once.
        stall.Release();
        var answer = await (await move).ReadJsonAsync();
        Assert.Equal(expected, answer.GetProperty("now").GetDateTimeOffset());
        Assert.Equal(0, answer.GetProperty("stepsFired").GetInt32());
        Assert.Equal(1, await CountAsync(a, "owner-fire", "finding.reminder", findingId));
    }

    [Fact]
    public async Task Two_moves_at_once_on_two_nodes_both_count()
    {
        var database = SafetyFlowApp.NewDatabase();

        // Each node's move waits at its write until both have read the clock, so both read the same position.
        var gate = new CommandGate(command => command.CommandText.Contains("UPDATE \"SystemSettings\"", StringComparison.Ordinal), expected: 2);
        await using var a = new SafetyFlowApp(database, services: services => AddInterceptor(services, gate));
        await using var b = new SafetyFlowApp(database, services: services => AddInterceptor(services, gate));
        var adminA = await a.SignInAsync("admin");
        var adminB = await b.SignInAsync("admin");

        var moves = new[] { adminA.PostAsJsonAsync("/api/admin/clock", new { advanceBy = "P1D" }), adminB.PostAsJsonAsync("/api/admin/clock", new { advanceBy = "PT6H" }) };
        await gate.AllArrived.WaitAsync(TimeSpan.FromSeconds(30));
        gate.Release();
        var answers = await Task.WhenAll(moves.Select(async m => (await (await m).ReadJsonAsync()).GetProperty("now").GetDateTimeOffset()));

        // One update won; the other found the clock moved, read it again and moved on from there.
        var end = SafetyFlowApp.Start + TimeSpan.FromHours(30);
        Assert.Contains(end, answers);
        Assert.Contains(answers, now => now == SafetyFlowApp.Start + TimeSpan.FromDays(1) || now == SafetyFlowApp.Start + TimeSpan.FromHours(6));
        Assert.Equal(3, gate.Passed);
        // The node whose move landed first follows the other's within about a second, as every node does.
        Assert.Equal(end, await ClockSeenAsync(adminA, end));
        Assert.Equal(end, await ClockSeenAsync(adminB, end));
    }

    private static async Task<DateTimeOffset> ClockSeenAsync(HttpClient admin, DateTimeOffset expected)
    {
        var seen = DateTimeOffset.MinValue;
        for (var poll = 0; poll < 50 && seen != expected; poll++)
        {
            seen = (await admin.GetJsonAsync("/api/admin/clock")).GetProperty("now").GetDateTimeOffset();
            await Task.Delay(100);
        }

        return seen;
    }

    internal static void AddInterceptor(IServiceCollection services, IInterceptor interceptor)
    {
        TestDatabase.AddInterceptor(services, interceptor);
    }

    /// <summary>
    /// Holds the commands it matches until <paramref name="expected"/> of them have arrived and the test releases them;
    /// later ones pass at once. Counts every matching command.
    /// </summary>
    private sealed class CommandGate(Func<DbCommand, bool> matches, int expected, bool afterExecution = false) : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;
        private int _passed;

        public Task AllArrived => _allArrived.Task;

        public int Passed => Volatile.Read(ref _passed);

        public void Release() => _released.TrySetResult();

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!afterExecution)
            {
                await HoldAsync(command);
            }

            return result;
        }

        public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (afterExecution)
            {
                await HoldAsync(command);
            }

            return result;
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (!afterExecution)
            {
                await HoldAsync(command);
            }

            return result;
        }

        private async Task HoldAsync(DbCommand command)
        {
            if (!matches(command))
            {
                return;
            }

            Interlocked.Increment(ref _passed);
            if (Interlocked.Increment(ref _arrived) <= expected)
            {
                if (Volatile.Read(ref _arrived) >= expected)
                {
                    _allArrived.TrySetResult();
                }

                await _released.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
        }
    }
}
