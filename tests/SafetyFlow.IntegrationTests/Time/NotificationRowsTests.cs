using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;
using static SafetyFlow.IntegrationTests.EscalationTests;

namespace SafetyFlow.IntegrationTests.Time;

/// <summary>
/// A save that changes many findings writes their notifications and outbox rows dozens to a statement, in its
/// own transaction, and every row reads back as a tracked save would have stored it: the instant to the tick (SQLite)
/// or the microsecond (PostgreSQL), in UTC, comparable in SQL; texts, kinds and empty findings as they were.
/// </summary>
public sealed class NotificationRowsTests
{
    private static bool IsNotificationInsert(string sql) => sql.StartsWith("INSERT INTO \"Notifications\"", StringComparison.Ordinal);

    private static bool IsOutboxInsert(string sql) => sql.StartsWith("INSERT INTO \"Outbox\"", StringComparison.Ordinal);

    [Fact]
    public async Task A_sweep_batch_writes_its_notifications_and_outbox_rows_dozens_to_a_statement()
    {
        var inserts = new QueryCounter(sql => IsNotificationInsert(sql) || IsOutboxInsert(sql));
        await using var app = new SafetyFlowApp(
            SafetyFlowApp.NewDatabase(),
            settings: new Dictionary<string, string?> { ["SafetyFlow:Jobs:SweepBatchSize"] = "100" },
            services: inserts.AddTo);
        var ids = await SweepClaimTests.RaiseFindingsAsync(app);
        Assert.True(ids.Count >= 20, $"{ids.Count} findings were raised.");

        using (var scope = app.Services.CreateScope())
        {
            await app.Services.GetRequiredService<ManualClock>().AdvanceAsync(TimeSpan.FromDays(6), scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>(), CancellationToken.None);
        }

        var sweep = app.Services.GetRequiredService<EscalationSweep>();
        var (fired, statements) = await QueryCounter.CountingAsync(() => sweep.RunAsync(CancellationToken.None));

        Assert.Equal(ids.Count, fired);
        foreach (var id in ids)
        {
            Assert.Equal(1, await CountAsync(app, "owner-fire", "finding.reminder", id.ToString()));
        }

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var reminders = await db.Notifications.Where(n => n.Kind == NotificationTexts.Reminder).Select(n => n.Id).ToListAsync();
            Assert.True(reminders.Count >= ids.Count);
            var queued = await db.Outbox.Where(m => reminders.Contains(m.NotificationId)).Select(m => m.NotificationId).ToListAsync();
            Assert.Equal(reminders.Order(), queued.Order());
            Assert.InRange(statements, 2, 2 * DozensOf(reminders.Count));
        }

        Assert.True((await (await app.SignInAsync("safety1")).GetJsonAsync("/api/audit/verify?full=true")).GetProperty("ok").GetBoolean());
    }

    [Theory]
    [InlineData("Manual")]
    [InlineData("System")]
    public async Task Notices_of_a_save_on_twenty_findings_carry_the_instant_of_its_records_and_are_in_its_transaction(string clock)
    {
        var inserts = new QueryCounter(IsNotificationInsert);
        await using var app = new SafetyFlowApp(
            SafetyFlowApp.NewDatabase(),
            settings: new Dictionary<string, string?> { ["SafetyFlow:Clock:Mode"] = clock },
            services: inserts.AddTo);
        var ids = await SweepClaimTests.RaiseFindingsAsync(app);

        // A save that begins its own transaction: its notices dozens to a statement.
        var statements = await CommentAsync(app, ids, "Seen on the round.");
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var comments = await db.FindingTransitions.Where(t => ids.Contains(t.FindingId) && t.Action == Finding.CommentAction).ToListAsync();
            var notices = await db.Notifications.Where(n => n.Kind == NotificationTexts.Commented).ToListAsync();
            Assert.Equal(ids.Count, comments.Count);
            Assert.Equal(ids.Order(), notices.Select(n => n.FindingId!.Value).Distinct().Order());
            Assert.InRange(statements, 1, DozensOf(notices.Count));
            Assert.All(notices, n => Assert.Equal(comments.Single(c => c.FindingId == n.FindingId).At, n.At));
            Assert.All(notices, n => Assert.Equal(TimeSpan.Zero, n.At.Offset));

            // Stored as instants the database compares: those after the comments' instant are none, those at it all.
            var at = comments[0].At;
            Assert.Equal(notices.Count, await db.Notifications.CountAsync(n => n.Kind == NotificationTexts.Commented && n.At >= at));
            Assert.Equal(0, await db.Notifications.CountAsync(n => n.Kind == NotificationTexts.Commented && n.At > at));
        }

        // A save whose notices the database refuses (a trigger: a write that fails at the save's last statement)
        // leaves nothing behind, its comments included.
        await RefuseNotificationsAsync(app);
        await Assert.ThrowsAnyAsync<Exception>(() => CommentAsync(app, ids, "Seen again."));
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            Assert.Equal(ids.Count, await db.FindingTransitions.CountAsync(t => ids.Contains(t.FindingId) && t.Action == Finding.CommentAction));
        }

        Assert.True((await (await app.SignInAsync("safety1")).GetJsonAsync("/api/audit/verify?full=true")).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Rows_inserted_in_sets_read_back_as_they_were_written()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        var ids = await SweepClaimTests.RaiseFindingsAsync(app);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var recipient = await db.Users.Where(u => u.UserName == "owner-fire").Select(u => u.Id).SingleAsync();

        // More rows than one statement takes; instants with an offset and sub-millisecond parts; texts with quotes,
        // semicolons and Chinese, some of them the same text in many rows (bound once a statement); findings and none.
        var start = new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.FromHours(8)).AddTicks(1_234_567);
        var rows = Enumerable.Range(0, 700).Select(i => new Notification
        {
            RecipientId = recipient,
            At = start.AddTicks(i * 10),
            Kind = $"test.kind-{i % 3}",
            FindingId = i % 2 == 0 ? ids[i % ids.Count] : null,
            Text = i % 4 == 0 ? "同一句话, said 'again'" : $"第 {i} 条: it's \"quoted\"; -- and so on",
        }).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await MultiRowInsert.InsertAsync(db, rows, CancellationToken.None);
            await transaction.CommitAsync();
        }

        var stored = await db.Notifications.AsNoTracking().Where(n => n.Kind.StartsWith("test.kind-")).ToDictionaryAsync(n => n.Id);
        Assert.Equal(rows.Count, stored.Count);
        foreach (var row in rows)
        {
            var back = stored[row.Id];
            Assert.Equal(Stored(row.At), back.At);
            Assert.Equal(TimeSpan.Zero, back.At.Offset);
            Assert.Equal((row.RecipientId, row.Kind, row.FindingId, row.Text, row.Read), (back.RecipientId, back.Kind, back.FindingId, back.Text, back.Read));
        }

        // Found by key as a tracked save's rows are: the keys are stored in the provider's own form.
        var first = ids[0];
        Assert.Equal(rows.Count(r => r.FindingId == first), await db.Notifications.CountAsync(n => n.Kind.StartsWith("test.kind-") && n.FindingId == first));
        Assert.Equal(rows.Count, await db.Notifications.CountAsync(n => n.Kind.StartsWith("test.kind-") && n.RecipientId == recipient));
        Assert.Equal(rows[123].Text, await db.Notifications.Where(n => n.Id == rows[123].Id).Select(n => n.Text).SingleAsync());

        // Compared in SQL as instants, whatever offset they were written with.
        var middle = rows[350].At;
        Assert.Equal(350, await db.Notifications.CountAsync(n => n.Kind.StartsWith("test.kind-") && n.At < middle));
        Assert.Equal(rows.Count(r => r.FindingId is null), await db.Notifications.CountAsync(n => n.Kind.StartsWith("test.kind-") && n.FindingId == null));
    }

    /// <summary>The statements <paramref name="rows"/> take at fifty rows or more a statement.</summary>
    private static int DozensOf(int rows) => Math.Max(1, (rows + 49) / 50);

    /// <summary>An instant as the provider keeps it: to the tick on SQLite, to the microsecond on PostgreSQL, in UTC.</summary>
    private static DateTimeOffset Stored(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return TestDatabase.IsPostgres ? utc.AddTicks(-(utc.Ticks % 10)) : utc;
    }

    private static async Task<int> CommentAsync(SafetyFlowApp app, List<Guid> ids, string text)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var office = await db.Users.SingleAsync(u => u.UserName == "safety1");
        var actor = new FindingActor(office.Id, "safety1", new HashSet<Role> { Role.SafetyOffice }, SupervisesZone: false);
        foreach (var finding in await db.Findings.Where(f => ids.Contains(f.Id)).ToListAsync())
        {
            finding.Comment(actor, text, now);
        }

        var (_, statements) = await QueryCounter.CountingAsync(() => db.SaveChangesAsync());
        return statements;
    }

    private static async Task RefuseNotificationsAsync(SafetyFlowApp app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>().Database.ExecuteSqlRawAsync(TestDatabase.IsPostgres
            ? """
              CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql;
              CREATE TRIGGER refuse BEFORE INSERT ON "Notifications" FOR EACH ROW EXECUTE FUNCTION refuse();
              """
            : """CREATE TRIGGER refuse BEFORE INSERT ON "Notifications" BEGIN SELECT RAISE(ABORT, 'refused'); END;""");
    }
}
