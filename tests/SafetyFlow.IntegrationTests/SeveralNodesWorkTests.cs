using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SafetyFlow.IntegrationTests.Support;
using Xunit.Abstractions;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// Three app processes on one PostgreSQL database with Hangfire.PostgreSql and the shared simulation clock, a client
/// spreading requests over them, more than ten thousand findings coming due while the nodes sweep and drain at once, and
/// a node killed with SIGKILL mid-sweep and started again. Afterwards every due ladder step fired exactly once, every
/// notification exists once, a real SMTP server and a webhook receiver got every delivery, nothing acknowledged is lost,
/// and the trail verifies. The figures are written to the test output (docs/scale-out.md quotes them).
/// </summary>
public sealed class SeveralNodesWorkTests(ITestOutputHelper output)
{
    private const string AdminPassword = "Admin!2026";
    private const string Password = "Field!2026";

    /// <summary>Units of ten zones; each zone has seven extinguishers, two hydrants, two panels and a kitchen.</summary>
    private const int Units = 16;
    private const int ZonesPerUnit = 10;

    /// <summary>Only the first unit's people get email, and the webhook covers the first three units: thousands of messages, not tens of thousands.</summary>
    private const int WebhookUnits = 3;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(8);

    [PostgresFact("several app processes share one PostgreSQL database; SQLite is one process on one file")]
    public async Task Three_nodes_share_ten_thousand_due_findings_and_a_node_killed_mid_sweep_loses_and_repeats_nothing()
    {
        var watch = Stopwatch.StartNew();
        var database = SafetyFlowApp.NewDatabase();
        var connectionString = TestDatabase.ConnectionString(database);
        await using var smtp = await SmtpServer.StartAsync();
        await using var hooks = await WebhookReceiver.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__SafetyFlow"] = connectionString,
            ["SafetyFlow__Clock__Mode"] = "Manual",
            ["SafetyFlow__Clock__Start"] = SafetyFlowApp.Start.ToString("O"),
            ["SafetyFlow__Bootstrap__AdminPassword"] = AdminPassword,
            ["SafetyFlow__Jobs__SweepInterval"] = "00:01:00",
            ["SafetyFlow__Delivery__Interval"] = "00:01:00",
            ["SafetyFlow__Jobs__ClaimTimeout"] = "00:00:30",
            ["SafetyFlow__Auth__RateLimits__PerAddress"] = "100000",
            ["SafetyFlow__Auth__RateLimits__PerUserName"] = "100000",
            ["SafetyFlow__Webhooks__0__Name"] = "group-safety",
            ["SafetyFlow__Webhooks__0__Url"] = $"{hooks.BaseUrl}/hooks/safety",
            ["SafetyFlow__Webhooks__0__Format"] = "json",
        };
        foreach (var (key, value) in smtp.Settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        for (var unit = 0; unit < WebhookUnits; unit++)
        {
            environment[$"SafetyFlow__Webhooks__0__Units__{unit}"] = UnitKey(unit);
        }

        var nodes = new RunningApp?[3];
        try
        {
            nodes[0] = await AppProcess.StartAsync(environment);
            var admin0 = await SignInAsync(nodes[0]!, "admin", AdminPassword);
            await admin0.PostJsonAsync("/api/org/import", Organisation());
            nodes[1] = await AppProcess.StartAsync(environment);
            nodes[2] = await AppProcess.StartAsync(environment);
            Report($"three nodes up, organisation imported: {watch.Elapsed:mm\\:ss}");

            // The import planned this week's round for the new zones; starting it again creates nothing new.
            var round = await admin0.PostJsonAsync("/api/rounds", new { week = "2026-W48" });
            Assert.Equal(Units * ZonesPerUnit * 4, round.GetProperty("created").GetInt32() + round.GetProperty("existing").GetInt32());

            // Members submit every inspection, spread over the three nodes, six at a time.
            var acknowledged = await SubmitAllAsync(nodes);
            Report($"{acknowledged.Count} findings raised through {Units * ZonesPerUnit * 4} submissions: {watch.Elapsed:mm\\:ss}");
            Assert.True(acknowledged.Count >= 10_000, $"{acknowledged.Count} findings raised; the test needs at least 10,000.");

            await using var db = new NpgsqlConnection(connectionString + ";Pooling=false");
            await db.OpenAsync();

            // The reminders come due a day before the seven-day deadline: move the clock on node 0, which sweeps before
            // it answers, while the other nodes' scheduled sweeps join in; kill node 0 once part of the work is done.
            var move = MoveClockAsync(admin0, "P6DT1H");
            var firedBeforeKill = await WaitForAsync(db, """SELECT count(*) FROM "FindingTransitions" WHERE "Action" = 'remind'""", n => n >= acknowledged.Count / 4);
            Assert.False(move.IsCompleted, "The clock move finished before the kill; the node was not killed mid-sweep.");
            Kill(nodes[0]!);
            Report($"node 0 killed mid-sweep after {firedBeforeKill} reminders: {watch.Elapsed:mm\\:ss}");
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => move);
            nodes[0]!.Dispose();
            nodes[0] = await AppProcess.StartAsync(environment);
            Report($"node 0 started again: {watch.Elapsed:mm\\:ss}");

            // Owners fix findings through every node while the sweep goes on; what was acknowledged must stay.
            var fixes = await FixSomeAsync(nodes, acknowledged.Take(300).ToList());

            await WaitForAsync(db, $"""SELECT count(*) FROM "FindingTransitions" WHERE "Action" = 'remind'""", n => n >= acknowledged.Count);
            Report($"all reminders fired: {watch.Elapsed:mm\\:ss}");

            // The deadline step: node 1 moves the clock a day and sweeps; node 2 moves it a minute more, so it sweeps the
            // same due steps beside node 1 (the clock route runs every due timer before it answers). Node 2 is killed
            // while both hold claims on due findings.
            var admin1 = await SignInAsync(nodes[1]!, "admin", AdminPassword);
            var admin2 = await SignInAsync(nodes[2]!, "admin", AdminPassword);
            var second = MoveClockAsync(admin1, "P1D");
            await WaitForAsync(db, """SELECT count(*) FROM "FindingTransitions" WHERE "Action" = 'escalate'""", n => n > 0);
            var third = MoveClockAsync(admin2, "PT1M");
            var holders = await WaitForAsync(db, """SELECT count(DISTINCT "Holder") FROM "WorkClaims" WHERE "Queue" = 'escalation'""", n => n >= 2, "runs holding due findings");
            var escalatedBeforeKill = await ScalarAsync(db, """SELECT count(*) FROM "FindingTransitions" WHERE "Action" = 'escalate'""");
            Assert.False(third.IsCompleted, "Node 2's clock move finished before the kill; it was not killed mid-sweep.");
            Kill(nodes[2]!);
            Report($"node 2 killed mid-sweep after {escalatedBeforeKill} escalations, {holders} runs holding claims: {watch.Elapsed:mm\\:ss}");
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => third);
            nodes[2]!.Dispose();
            nodes[2] = await AppProcess.StartAsync(environment);
            await second;
            var now = (await admin1.GetJsonAsync("/api/admin/clock")).GetProperty("now").GetDateTimeOffset();
            await WaitForAsync(db, """SELECT count(*) FROM "Findings" WHERE "NextStepAt" <= @now""", n => n == 0, "steps still due", now);
            Report($"deadline steps fired: {watch.Elapsed:mm\\:ss}");

            await WaitForAsync(db, """SELECT count(*) FROM "Outbox" WHERE "ProcessedAt" IS NULL""", n => n == 0, "outbox rows not yet planned");
            await WaitForAsync(db, """SELECT count(*) FROM "Deliveries" WHERE "Status" NOT IN ('Sent', 'Failed')""", n => n == 0, "deliveries not yet sent");
            Report($"outbox drained: {watch.Elapsed:mm\\:ss}");

            await AssertEveryDueStepFiredOnceAsync(db, admin1);
            await AssertNothingAcknowledgedIsLostAsync(db, acknowledged, fixes);
            await AssertNotificationsAndDeliveriesOnceAsync(db, smtp, hooks);

            var verified = await admin1.GetJsonAsync("/api/audit/verify");
            Assert.True(verified.GetProperty("ok").GetBoolean(), verified.ToString());
            Report($"trail verified ({verified.GetProperty("checked").GetInt32()} records): {watch.Elapsed:mm\\:ss}");
        }
        finally
        {
            foreach (var node in nodes)
            {
                node?.Dispose();
            }
        }
    }

    private static string UnitKey(int unit) => $"u{unit:00}";

    private static string ZoneKey(int unit, int zone) => $"z{unit:00}-{zone:00}";

    /// <summary>A service company of <see cref="Units"/> units, each with a member, a supervisor and three owners.</summary>
    private static object Organisation()
    {
        var units = new List<object> { new { key = "group", name = "矿业服务公司 Mining Services" } };
        var users = new List<object>
        {
            new { userName = "safety", displayName = "安全部", email = (string?)null, password = Password, roles = new[] { "SafetyOffice" }, unit = "group", language = "zh-CN" },
        };
        var zones = new List<object>();
        var assets = new List<object>();
        string[] owners = ["fire", "electric", "kitchen"];
        for (var u = 0; u < Units; u++)
        {
            var unit = UnitKey(u);
            units.Add(new { key = unit, name = $"服务站 Station {u}", parent = "group" });
            string? Email(string who) => u == 0 ? $"{who}-{unit}@example.test" : null;
            users.Add(new { userName = $"member-{unit}", displayName = $"检查员 {u}", email = Email("member"), password = Password, roles = new[] { "Member" }, unit, language = "zh-CN" });
            users.Add(new { userName = $"sup-{unit}", displayName = $"主管 {u}", email = Email("sup"), password = Password, roles = new[] { "Supervisor" }, unit, language = "en" });
            users.AddRange(owners.Select(o => (object)new { userName = $"{o}-{unit}", displayName = $"{o} {u}", email = Email(o), password = Password, roles = new[] { "Owner" }, unit, language = "zh-CN" }));
            for (var z = 0; z < ZonesPerUnit; z++)
            {
                var zone = ZoneKey(u, z);
                zones.Add(new { key = zone, name = $"区域 Zone {zone}", unit, member = $"member-{unit}" });
                void Add(string type, int count, string owner)
                {
                    for (var n = 0; n < count; n++)
                    {
                        assets.Add(new { key = $"{zone}-{type}-{n}", name = $"{type} {zone}-{n}", type, zone, owner = $"{owner}-{unit}" });
                    }
                }

                Add("extinguisher", 7, "fire");
                Add("hydrant", 2, "fire");
                Add("electrical", 2, "electric");
                Add("kitchen", 1, "kitchen");
            }
        }

        return new { units, users, zones, assets };
    }

    /// <summary>Every due inspection submitted with its general checks failed; returns the findings each acknowledged answer named.</summary>
    private static async Task<List<string>> SubmitAllAsync(RunningApp?[] nodes)
    {
        var findings = new System.Collections.Concurrent.ConcurrentBag<string>();
        var work = new List<(int Unit, int Node)>();
        for (var u = 0; u < Units; u++)
        {
            work.Add((u, u % nodes.Length));
        }

        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (item, _) =>
        {
            // Each member signs in on one node and submits through all three in turn.
            var member = await SignInAsync(nodes[item.Node]!, $"member-{UnitKey(item.Unit)}", Password);
            var due = await member.GetJsonAsync("/api/inspections?mine=true&status=due");
            var turn = item.Node;
            foreach (var summary in due.EnumerateArray())
            {
                using var client = WithToken(nodes[turn++ % nodes.Length]!, member);
                var inspection = await client.GetJsonAsync($"/api/inspections/{summary.GetProperty("id").GetString()}");
                var checklist = Checklist.Of(inspection).FailGeneralChecks();
                var answer = await client.PostJsonAsync($"/api/inspections/{checklist.Id}/submit", checklist.Body());
                foreach (var finding in answer.GetProperty("findings").EnumerateArray())
                {
                    findings.Add(finding.GetString()!);
                }
            }
        });
        return [.. findings];
    }

    /// <summary>Owners submit fixes through the three nodes in turn; returns the findings whose fix was acknowledged.</summary>
    private static async Task<List<string>> FixSomeAsync(RunningApp?[] nodes, List<string> findings)
    {
        var acknowledged = new List<string>();
        var owners = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        var admin = await SignInAsync(nodes[1]!, "admin", AdminPassword);
        var turn = 0;
        foreach (var id in findings)
        {
            var finding = await admin.GetJsonAsync($"/api/findings/{id}");
            var owner = finding.GetProperty("owner").GetString()!;
            if (!owners.TryGetValue(owner, out var signedIn))
            {
                signedIn = await SignInAsync(nodes[1]!, owner, Password);
                owners[owner] = signedIn;
            }

            using var client = WithToken(nodes[turn++ % nodes.Length]!, signedIn);
            var response = await client.PostAsJsonAsync($"/api/findings/{id}/fix", new { note = "fixed" });
            if (response.StatusCode == HttpStatusCode.OK)
            {
                acknowledged.Add(id);
            }
        }

        Assert.True(acknowledged.Count >= findings.Count * 9 / 10, $"{acknowledged.Count} of {findings.Count} fixes were acknowledged.");
        return acknowledged;
    }

    private static async Task AssertEveryDueStepFiredOnceAsync(NpgsqlConnection db, HttpClient admin)
    {
        var now = (await admin.GetJsonAsync("/api/admin/clock")).GetProperty("now").GetDateTimeOffset();

        // No step is due any more, and each finding's ladder records are its fired steps, each once.
        Assert.Equal(0L, await ScalarAsync(db, """SELECT count(*) FROM "Findings" WHERE "NextStepAt" <= @now""", now));
        Assert.Equal(0L, await ScalarAsync(db, """
            SELECT count(*) FROM (
              SELECT "FindingId", "Note" FROM "FindingTransitions" WHERE "Action" IN ('remind', 'escalate')
              GROUP BY "FindingId", "Note" HAVING count(*) > 1) repeated
            """));
        Assert.Equal(0L, await ScalarAsync(db, """
            SELECT count(*) FROM "Findings" f
            WHERE f."NextStepIndex" <> (SELECT count(*) FROM "FindingTransitions" t WHERE t."FindingId" = f."Id" AND t."Action" IN ('remind', 'escalate'))
            """));
        Assert.Equal(0L, await ScalarAsync(db, """SELECT count(*) FROM "EscalationFailures" """));
    }

    private static async Task AssertNothingAcknowledgedIsLostAsync(NpgsqlConnection db, List<string> raised, List<string> fixes)
    {
        var stored = (await RowsAsync(db, """SELECT "Id"::text FROM "Findings" """)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(raised, id => !stored.Contains(id));
        Assert.Equal(raised.Count, stored.Count);
        var fixedOnes = (await RowsAsync(db, """SELECT "Id"::text FROM "Findings" WHERE "State" = 'FixSubmitted'""")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(fixes, id => !fixedOnes.Contains(id));
    }

    private async Task AssertNotificationsAndDeliveriesOnceAsync(NpgsqlConnection db, SmtpServer smtp, WebhookReceiver hooks)
    {
        // A notification is one step's (or one action's) message to one person: none is there twice.
        Assert.Equal(0L, await ScalarAsync(db, """
            SELECT count(*) FROM (
              SELECT 1 FROM "Notifications" GROUP BY "FindingId", "RecipientId", "Kind", "At" HAVING count(*) > 1) repeated
            """));
        Assert.Equal(0L, await ScalarAsync(db, """SELECT count(*) FROM "Deliveries" WHERE "Status" <> 'Sent'"""));

        var emails = await ScalarAsync(db, """SELECT count(*) FROM "Deliveries" WHERE "Channel" = 'Email'""");
        var posts = await ScalarAsync(db, """SELECT count(*) FROM "Deliveries" WHERE "Channel" = 'Webhook'""");
        Assert.True(emails > 1000 && posts > 1000, $"{emails} emails and {posts} webhook posts: too few to show anything.");

        var mail = smtp.Messages().Select(m => m.Headers["X-SafetyFlow-Delivery"]).ToList();
        var received = hooks.Requests.Select(r => r.Headers["X-SafetyFlow-Delivery"]).ToList();
        Report($"{await ScalarAsync(db, """SELECT count(*) FROM "Notifications" """)} notifications; {emails} email deliveries, {mail.Count} messages received " +
            $"({mail.Count - mail.Distinct(StringComparer.Ordinal).Count()} repeats); {posts} webhook deliveries, {received.Count} posts received " +
            $"({received.Count - received.Distinct(StringComparer.Ordinal).Count()} repeats)");

        // Every delivery arrived; a repeat is only possible for a message in flight when its sender was killed, and
        // carries the same key, so the receiver drops it.
        Assert.Equal(emails, mail.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(posts, received.Distinct(StringComparer.Ordinal).Count());
        Assert.True(mail.Count - emails <= 20 && received.Count - posts <= 20, "More repeats than messages in flight at two kills.");
    }

    private static async Task<JsonElement> MoveClockAsync(HttpClient admin, string by)
    {
        using var patient = new HttpClient { BaseAddress = admin.BaseAddress, Timeout = Patience };
        patient.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        return await patient.PostJsonAsync("/api/admin/clock", new { advanceBy = by });
    }

    private static async Task<HttpClient> SignInAsync(RunningApp node, string userName, string password)
    {
        var client = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromMinutes(2) };
        var token = await client.PostJsonAsync("/api/auth/token", new { userName, password });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>A client on another node with the same person's token: a token from one node is good on all.</summary>
    private static HttpClient WithToken(RunningApp node, HttpClient signedIn)
    {
        var client = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        return client;
    }

    private static void Kill(RunningApp node) => Process.Start("kill", ["-KILL", node.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    private static async Task<long> WaitForAsync(NpgsqlConnection db, string sql, Func<long, bool> done, string reading = "count", DateTimeOffset? now = null)
    {
        var deadline = Stopwatch.StartNew();
        long value;
        while (!done(value = await ScalarAsync(db, sql, now)))
        {
            Assert.True(deadline.Elapsed < Patience, $"Gave up waiting after {Patience}: {reading} is {value}.");
            await Task.Delay(250);
        }

        return value;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection db, string sql, DateTimeOffset? now = null)
    {
        await using var command = new NpgsqlCommand(sql, db);
        if (now is { } at)
        {
            command.Parameters.AddWithValue("now", at.ToUniversalTime());
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<string>> RowsAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private void Report(string line) => output.WriteLine(line);
}
