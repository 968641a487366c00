using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Features.Reports;

/// <summary>A finding as the closure figures count it: its group and the times and counts they need.</summary>
internal sealed class ClosureInput<TKey>
{
    public TKey GroupKey { get; init; } = default!;

    public DateTimeOffset RaisedAt { get; init; }

    public DateTimeOffset DueAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public int Rejections { get; init; }

    public int ExtensionRequests { get; init; }
}

/// <summary>A group's key as the database groups by it, and its name in the report.</summary>
internal sealed class GroupName<TKey>
{
    public TKey Key { get; init; } = default!;

    public string Name { get; init; } = "";
}

/// <summary>
/// The closure report's rows counted by the database: one GROUP BY for the counts, one window query for the order
/// statistics of the time to close. Only the grouped rows and the few findings that sit at the median and
/// 90th percentile of each group travel.
/// </summary>
internal static class ClosureFigures
{
    /// <summary>The rows of the findings grouped by <paramref name="group"/>, the group raised first leading.</summary>
    public static Task<List<ClosureRow>> RowsAsync(
        SafetyFlowDbContext db, IQueryable<Finding> findings, Expression<Func<Finding, string>> group, DateTimeOffset now, CancellationToken cancellationToken) =>
        RowsAsync(db, findings, group, (keys, _) => Task.FromResult(keys.ToDictionary(k => k, k => k, StringComparer.Ordinal)), now, cancellationToken);

    /// <summary>
    /// The rows of the findings grouped by the zone they are in, each named by <paramref name="name"/>. The database
    /// groups by the zone id each finding holds instead of joining every finding to its zone; the names are read after.
    /// </summary>
    public static Task<List<ClosureRow>> RowsByZoneAsync(
        SafetyFlowDbContext db, IQueryable<Finding> findings, Expression<Func<Zone, string>> name, DateTimeOffset now, CancellationToken cancellationToken) =>
        RowsAsync(
            db,
            findings,
            f => f.ZoneId,
            (_, ct) => db.Zones.AsNoTracking().Select(Named(name)).ToDictionaryAsync(z => z.Key, z => z.Name, ct),
            now,
            cancellationToken);

    /// <summary>
    /// The rows of the findings grouped by <paramref name="group"/>, a column the database can group by as it is, each
    /// group named by <paramref name="names"/> once counted; the group raised first leading.
    /// </summary>
    public static async Task<List<ClosureRow>> RowsAsync<TKey>(
        SafetyFlowDbContext db,
        IQueryable<Finding> findings,
        Expression<Func<Finding, TKey>> group,
        Func<List<TKey>, CancellationToken, Task<Dictionary<TKey, string>>> names,
        DateTimeOffset now,
        CancellationToken cancellationToken)
        where TKey : notnull
    {
        var inputs = findings.Select(Inputs(group));

        // Whole days since raised, floored: at most 7 is raised less than 8 days ago; over 30 is 31 days ago or more.
        var eightDaysAgo = now.AddDays(-8);
        var thirtyOneDaysAgo = now.AddDays(-31);
        var counts = await inputs
            .GroupBy(i => i.GroupKey)
            .Select(g => new
            {
                g.Key,
                FirstRaisedAt = g.Min(i => i.RaisedAt),
                Raised = g.Count(),
                Closed = g.Count(i => i.ClosedAt != null),
                ClosedOnTime = g.Count(i => i.ClosedAt != null && i.ClosedAt <= i.DueAt),
                OpenOverdue = g.Count(i => i.ClosedAt == null && i.DueAt < now),
                Days0To7 = g.Count(i => i.ClosedAt == null && i.RaisedAt > eightDaysAgo),
                Days8To30 = g.Count(i => i.ClosedAt == null && i.RaisedAt <= eightDaysAgo && i.RaisedAt > thirtyOneDaysAgo),
                Over30Days = g.Count(i => i.ClosedAt == null && i.RaisedAt <= thirtyOneDaysAgo),
                Rejections = g.Sum(i => i.Rejections),
                ExtensionRequests = g.Sum(i => i.ExtensionRequests),
            })
            .ToListAsync(cancellationToken);
        var named = await names([.. counts.Select(c => c.Key)], cancellationToken);
        var hours = counts.Any(c => c.Closed > 0) ? await HoursToCloseAsync(db, inputs, cancellationToken) : [];

        return [.. counts
            .Select(c => (Counts: c, Name: named[c.Key]))
            .OrderBy(c => c.Counts.FirstRaisedAt)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(n =>
            {
                var (c, name) = n;
                var closed = hours.GetValueOrDefault(c.Key);
                return new ClosureRow(
                    name,
                    c.Raised,
                    c.Closed,
                    c.ClosedOnTime,
                    c.OpenOverdue,
                    c.Raised == 0 ? 0 : Math.Round((double)c.Closed / c.Raised, 4),
                    c.Raised == 0 ? 0 : Math.Round((double)c.ClosedOnTime / c.Raised, 4),
                    closed is null ? null : Math.Round(ClosureReport.Median(closed), 2),
                    closed is null ? null : Math.Round(ClosureReport.NearestRank(closed, 0.9), 2),
                    new OpenAging(c.Days0To7, c.Days8To30, c.Over30Days),
                    c.Rejections,
                    c.ExtensionRequests);
            })];
    }

    /// <summary>One row over all the findings, keyed <paramref name="key"/>; every figure zero when there are none.</summary>
    public static async Task<ClosureRow> TotalAsync(
        SafetyFlowDbContext db, IQueryable<Finding> findings, string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await RowsAsync(db, findings, f => key, now, cancellationToken);
        return rows.SingleOrDefault() ?? new ClosureRow(key, 0, 0, 0, 0, 0, 0, null, null, new OpenAging(0, 0, 0), 0, 0);
    }

    /// <summary>
    /// Each group's closed findings ranked by time to close, keeping only the ranks the median and the nearest-rank
    /// 90th percentile can fall on (both middle ranks, and the 90th percentile's with one either side, which the
    /// floating-point ceiling of <see cref="ClosureReport.NearestRank"/> may pick). LINQ has no window functions, so
    /// the grouped findings' SQL, as EF Core writes it for the provider, is ranked by a standard SQL query both
    /// SQLite and PostgreSQL run; closed minus raised orders the same on both (ticks on SQLite, an interval on PostgreSQL).
    /// </summary>
    private static async Task<Dictionary<TKey, RankedHours>> HoursToCloseAsync<TKey>(
        SafetyFlowDbContext db, IQueryable<ClosureInput<TKey>> inputs, CancellationToken cancellationToken)
        where TKey : notnull
    {
        var closed = inputs.Where(i => i.ClosedAt != null).Select(i => new { i.GroupKey, i.RaisedAt, i.ClosedAt });
        var result = new Dictionary<TKey, RankedHours>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = closed.CreateDbCommand();
            command.CommandText = $"""
                SELECT "GroupKey", "RaisedAt", "ClosedAt", "Rank", "Count" FROM (
                    SELECT c."GroupKey", c."RaisedAt", c."ClosedAt",
                        ROW_NUMBER() OVER (PARTITION BY c."GroupKey" ORDER BY c."ClosedAt" - c."RaisedAt") AS "Rank",
                        COUNT(*) OVER (PARTITION BY c."GroupKey") AS "Count"
                    FROM ({command.CommandText}) AS c) AS r
                WHERE "Rank" IN (("Count" + 1) / 2, ("Count" / 2) + 1, ("Count" * 9 + 9) / 10 - 1, ("Count" * 9 + 9) / 10, ("Count" * 9 + 9) / 10 + 1)
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetFieldValue<TKey>(0);
                if (!result.TryGetValue(key, out var ranked))
                {
                    // The count this query ranked, not the GROUP BY's: a finding closed between the two must not leave a rank unread.
                    result[key] = ranked = new RankedHours(Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture));
                }

                ranked.Add(Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture), (Instant(reader, 2) - Instant(reader, 1)).TotalHours);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return result;
    }

    /// <summary>An instant as the provider returns it: UTC ticks on SQLite (the model's converter), a UTC timestamp on PostgreSQL.</summary>
    private static DateTimeOffset Instant(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        long ticks => new DateTimeOffset(ticks, TimeSpan.Zero),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset instant => instant.ToUniversalTime(),
        var other => throw new InvalidOperationException($"An instant was read as {other.GetType().Name}."),
    };

    private static Expression<Func<Finding, ClosureInput<TKey>>> Inputs<TKey>(Expression<Func<Finding, TKey>> group)
    {
        var finding = group.Parameters[0];
        MemberAssignment Bind(string name, Expression value) => Expression.Bind(typeof(ClosureInput<TKey>).GetProperty(name)!, value);
        return Expression.Lambda<Func<Finding, ClosureInput<TKey>>>(
            Expression.MemberInit(
                Expression.New(typeof(ClosureInput<TKey>)),
                Bind(nameof(ClosureInput<TKey>.GroupKey), group.Body),
                Bind(nameof(ClosureInput<TKey>.RaisedAt), Expression.Property(finding, nameof(Finding.RaisedAt))),
                Bind(nameof(ClosureInput<TKey>.DueAt), Expression.Property(finding, nameof(Finding.DueAt))),
                Bind(nameof(ClosureInput<TKey>.ClosedAt), Expression.Property(finding, nameof(Finding.ClosedAt))),
                Bind(nameof(ClosureInput<TKey>.Rejections), Expression.Property(finding, nameof(Finding.Rejections))),
                Bind(nameof(ClosureInput<TKey>.ExtensionRequests), Expression.Property(finding, nameof(Finding.ExtensionRequests)))),
            finding);
    }

    /// <summary>A zone's id and the name <paramref name="name"/> gives it, as one projection the database answers.</summary>
    private static Expression<Func<Zone, GroupName<Guid>>> Named(Expression<Func<Zone, string>> name)
    {
        var zone = name.Parameters[0];
        return Expression.Lambda<Func<Zone, GroupName<Guid>>>(
            Expression.MemberInit(
                Expression.New(typeof(GroupName<Guid>)),
                Expression.Bind(typeof(GroupName<Guid>).GetProperty(nameof(GroupName<Guid>.Key))!, Expression.Property(zone, nameof(Zone.Id))),
                Expression.Bind(typeof(GroupName<Guid>).GetProperty(nameof(GroupName<Guid>.Name))!, name.Body)),
            zone);
    }

    /// <summary>
    /// A group's hours to close in ascending order, holding only the ranks read from the database, so that the
    /// median and percentile are taken by the very functions that take them from a full list.
    /// </summary>
    private sealed class RankedHours(int count) : IReadOnlyList<double>
    {
        private readonly Dictionary<long, double> _byRank = [];

        public int Count => count;

        public void Add(long rank, double hours) => _byRank[rank] = hours;

        public double this[int index] => _byRank.TryGetValue(index + 1L, out var hours)
            ? hours
            : throw new InvalidOperationException($"Rank {index + 1} of {count} was not read.");

        public IEnumerator<double> GetEnumerator() => Enumerable.Range(0, count).Select(i => this[i]).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
