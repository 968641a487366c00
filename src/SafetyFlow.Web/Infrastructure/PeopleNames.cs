using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// People as pages, files and messages name them: by display name, with the user name added where another person has
/// the same display name (<c>张伟 (zhang.wei2)</c>). Names are read in sets, one query for a page or a file, never one per row.
/// </summary>
public sealed class PeopleNames
{
    private readonly Dictionary<Guid, string> _byId = [];
    private readonly Dictionary<string, string> _byUserName = new(StringComparer.Ordinal);

    private PeopleNames(IEnumerable<(Guid Id, string? UserName, string DisplayName)> people)
    {
        var list = people.ToList();
        var shared = list.Where(p => p.DisplayName.Length > 0)
            .GroupBy(p => p.DisplayName, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (id, userName, displayName) in list)
        {
            var name = displayName.Length == 0 ? userName ?? ""
                : shared.Contains(displayName) ? $"{displayName} ({userName})"
                : displayName;
            _byId[id] = name;
            if (userName is not null)
            {
                _byUserName[userName] = name;
            }
        }
    }

    public static PeopleNames None { get; } = new([]);

    /// <summary>The names of the given people and of everyone who shares a display name with one of them: one query.</summary>
    public static async Task<PeopleNames> ForAsync(SafetyFlowDbContext db, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return None;
        }

        var names = db.Users.Where(u => wanted.Contains(u.Id)).Select(u => u.DisplayName);
        var people = await db.Users.AsNoTracking()
            .Where(u => wanted.Contains(u.Id) || names.Contains(u.DisplayName))
            .Select(u => new { u.Id, u.UserName, u.DisplayName })
            .ToListAsync(cancellationToken);
        return new PeopleNames(people.Select(p => (p.Id, p.UserName, p.DisplayName)));
    }

    /// <summary>
    /// Everyone's names: one query, for a file that streams its rows and cannot know its people first. Its size is the
    /// number of people, whatever the number of rows.
    /// </summary>
    public static async Task<PeopleNames> AllAsync(SafetyFlowDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var people = await db.Users.AsNoTracking()
            .Select(u => new { u.Id, u.UserName, u.DisplayName })
            .ToListAsync(cancellationToken);
        return new PeopleNames(people.Select(p => (p.Id, p.UserName, p.DisplayName)));
    }

    /// <summary>The person's name; <paramref name="fallback"/> (a user name as recorded) for someone not in the directory.</summary>
    public string Of(Guid? id, string? fallback = null) =>
        id is { } known && _byId.TryGetValue(known, out var name) ? name : fallback ?? "";

    /// <summary>The name of the person with this user name, or the user name itself.</summary>
    public string OfUserName(string? userName) =>
        userName is not null && _byUserName.TryGetValue(userName, out var name) ? name : userName ?? "";
}
