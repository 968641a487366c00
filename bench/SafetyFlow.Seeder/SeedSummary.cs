using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Seeder;

/// <summary>What the seed made, counted back from the database.</summary>
public static class SeedSummary
{
    public static async Task PrintAsync(SafetyFlowDbContext db, SeedSettings settings, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(settings);
        var now = settings.Now;
        var findings = db.Findings.AsNoTracking();
        var states = await findings.GroupBy(f => f.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var open = findings.Where(f => f.ClosedAt == null);
        var levels = await open.GroupBy(f => f.EscalationLevel).Select(g => new { g.Key, Count = g.Count() }).OrderBy(g => g.Key).ToListAsync(cancellationToken);
        var closedOnTime = await findings.CountAsync(f => f.ClosedAt != null && f.ClosedAt <= f.DueAt, cancellationToken);
        var closedLate = await findings.CountAsync(f => f.ClosedAt != null && f.ClosedAt > f.DueAt, cancellationToken);
        var due = await open.CountAsync(f => f.NextStepAt != null && f.NextStepAt <= now, cancellationToken);
        var overdue = await open.CountAsync(f => f.DueAt < now, cancellationToken);
        var supervised = await open.CountAsync(f => f.Supervised, cancellationToken);
        var repeats = await findings.CountAsync(f => f.RepeatOfId != null, cancellationToken);
        var major = await findings.CountAsync(f => f.Severity == Severity.Major, cancellationToken);

        Console.WriteLine($"Made in {elapsed.TotalSeconds:F0} s:");
        Console.WriteLine($"  findings        {await findings.CountAsync(cancellationToken),10:N0}  ({string.Join(", ", states.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Count:N0}"))})");
        Console.WriteLine($"    closed        {closedOnTime,10:N0} on time, {closedLate:N0} late");
        Console.WriteLine($"    open          {levels.Sum(l => l.Count),10:N0}  by ladder level: {string.Join(", ", levels.Select(l => $"{l.Key}: {l.Count:N0}"))}; {overdue:N0} overdue, {supervised:N0} under supervision");
        Console.WriteLine($"    due at now    {due,10:N0}  (a ladder step waiting for the sweep)");
        Console.WriteLine($"    major         {major,10:N0}; repeats {repeats:N0}");
        Console.WriteLine($"  history records {await db.FindingTransitions.CountAsync(cancellationToken),10:N0}");
        Console.WriteLine($"  inspections     {await db.Inspections.CountAsync(cancellationToken),10:N0}  ({await db.InspectionResults.CountAsync(cancellationToken):N0} answers)");
        Console.WriteLine($"  notifications   {await db.Notifications.CountAsync(cancellationToken),10:N0}  (outbox {await db.Outbox.CountAsync(cancellationToken):N0}, unprocessed {await db.Outbox.CountAsync(m => m.ProcessedAt == null, cancellationToken):N0})");
        Console.WriteLine($"  zones / assets / people {await db.Zones.CountAsync(cancellationToken):N0} / {await db.Assets.CountAsync(cancellationToken):N0} / {await db.Users.CountAsync(cancellationToken):N0}");
        if (settings.SqliteFile is { } file)
        {
            var size = new FileInfo(file).Length + (File.Exists(file + "-wal") ? new FileInfo(file + "-wal").Length : 0);
            Console.WriteLine($"  file            {size / 1024.0 / 1024.0,10:N1} MB  {file}");
        }
    }
}
