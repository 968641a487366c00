using System.Globalization;
using System.Linq.Expressions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using Severity = SafetyFlow.Workflows.Model.Severity;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>
/// A search among the findings the viewer may see; every filter may be left out. The first nine are the API's
/// original ones; the rest are optional: free text, the local days raised between, category, open (not closed),
/// closed since a day and on time, and the order.
/// </summary>
public sealed record ListFindingsRequest(
    string? State,
    string? Owner,
    string? Zone,
    bool? Overdue,
    string? Severity,
    int? Limit,
    int? Offset,
    Viewer Viewer,
    string Language)
{
    /// <summary>Words looked for in the item's title (either language), the description, the zone, the asset and the owner.</summary>
    public string? Text { get; init; }

    /// <summary>Raised on or after this local day (<c>yyyy-MM-dd</c>).</summary>
    public string? From { get; init; }

    /// <summary>Raised on or before this local day (<c>yyyy-MM-dd</c>).</summary>
    public string? To { get; init; }

    public string? Category { get; init; }

    /// <summary>True: not closed yet, whatever the state.</summary>
    public bool? Open { get; init; }

    /// <summary>Closed on or after this local day (<c>yyyy-MM-dd</c>).</summary>
    public string? ClosedFrom { get; init; }

    /// <summary>True: closed by the deadline.</summary>
    public bool? OnTime { get; init; }

    /// <summary><c>due</c> (the default), <c>raised</c>, <c>zone</c> or <c>state</c>.</summary>
    public string? Sort { get; init; }

    /// <summary><c>asc</c> (the default) or <c>desc</c>.</summary>
    public string? Dir { get; init; }
}

internal sealed class ListFindingsRequestValidator : AbstractValidator<ListFindingsRequest>
{
    public ListFindingsRequestValidator()
    {
        RuleFor(r => r.Severity).Must(s => s is null || Enum.TryParse<Severity>(s, ignoreCase: true, out _)).WithMessage("Use general or major.");
        RuleFor(r => r.Limit).Must(l => l is null or (>= 1 and <= 1000)).WithMessage("Use 1 to 1000.");
        RuleFor(r => r.Offset).Must(o => o is null or >= 0).WithMessage("Must not be negative.");
        RuleFor(r => r.Text).MaximumLength(200).WithoutNul().OverridePropertyName("q");
        RuleFor(r => r.Sort).Must(s => s is null || FindingOrder.Sorts.Contains(s)).WithMessage("Use due, raised, zone or state.").OverridePropertyName("sort");
        RuleFor(r => r.Dir).Must(d => d is null or "asc" or "desc").WithMessage("Use asc or desc.").OverridePropertyName("dir");
        RuleFor(r => r.From).Must(d => d is null || FindingOrder.Day(d) is not null).WithMessage(DayHint).OverridePropertyName("from");
        RuleFor(r => r.To).Must(d => d is null || FindingOrder.Day(d) is not null).WithMessage(DayHint).OverridePropertyName("to");
        RuleFor(r => r.ClosedFrom).Must(d => d is null || FindingOrder.Day(d) is not null).WithMessage(DayHint).OverridePropertyName("closedFrom");
        RuleFor(r => r.To)
            .Must((r, to) => FindingOrder.Day(r.From) is not { } from || FindingOrder.Day(to) is not { } until || from <= until)
            .WithMessage("Must not be before from.").OverridePropertyName("to");
    }

    private const string DayHint = "Use a day such as 2026-11-01, in the years 2000 to 2100.";
}

/// <summary>
/// Findings the viewer may see, one page at a time, in the order asked for (soonest deadline first by default). The
/// database filters, orders and cuts the page; every order ends with the finding's id, so pages never overlap or skip.
/// </summary>
public sealed class ListFindings(IValidator<ListFindingsRequest> validator, SafetyFlowDbContext db, FindingReader reader, WorkflowRegistry workflows, WorkCalendar calendar, TimeProvider clock)
{
    public const int DefaultLimit = 200;

    public async Task<Result<FindingView[]>> HandleAsync(ListFindingsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var page = Ordered(request).Skip(request.Offset ?? 0).Take(request.Limit ?? DefaultLimit);
        return (await reader.ShapeAsync(page, request.Viewer, request.Language, cancellationToken)).ToArray();
    }

    /// <summary>The findings a request that its validator accepted matches, in its order, not cut into pages.</summary>
    internal IOrderedQueryable<Finding> Ordered(ListFindingsRequest request)
    {
        var (filtered, fromADay) = Filtered(request);
        return FindingOrder.Apply(filtered, request.Sort ?? "due", request.Dir == "desc", inPeriod: fromADay);
    }

    /// <summary>The findings the request matches, and whether they were raised or closed since a day it names.</summary>
    private (IQueryable<Finding> Query, bool FromADay) Filtered(ListFindingsRequest request)
    {
        var fromADay = false;
        var now = clock.GetUtcNow();
        var query = reader.Visible(request.Viewer);
        if (!string.IsNullOrEmpty(request.State))
        {
            query = query.Where(f => f.State == request.State);
        }

        if (!string.IsNullOrEmpty(request.Owner))
        {
            // The owner as people know them, by display name, as the API names them, by user name, or as the pages
            // show two people of one display name: "张伟 (zhang.wei2)".
            var owner = request.Owner;
            var paren = owner.EndsWith(')') ? owner.LastIndexOf(" (", StringComparison.Ordinal) : -1;
            var shown = paren > 0 ? owner[(paren + 2)..^1] : owner;
            query = query.Where(f => f.Owner!.UserName == owner || f.Owner.DisplayName == owner || f.Owner.UserName == shown);
        }

        if (!string.IsNullOrEmpty(request.Zone))
        {
            query = query.Where(f => f.Zone!.Key == request.Zone);
        }

        if (!string.IsNullOrEmpty(request.Category))
        {
            query = query.Where(f => f.Category == request.Category);
        }

        if (request.Severity is not null)
        {
            var grade = Enum.Parse<Severity>(request.Severity, ignoreCase: true);
            query = query.Where(f => f.Severity == grade);
        }

        if (request.Overdue == true)
        {
            query = query.Where(f => f.ClosedAt == null && f.DueAt < now);
        }
        else if (request.Overdue == false)
        {
            query = query.Where(f => f.ClosedAt != null || f.DueAt >= now);
        }

        if (request.Open == true)
        {
            query = query.Where(f => f.ClosedAt == null);
        }

        if (FindingOrder.Day(request.From) is { } from)
        {
            var start = calendar.StartOfDay(from);
            query = query.Where(f => f.RaisedAt >= start);
            fromADay = true;
        }

        if (FindingOrder.Day(request.To) is { } to)
        {
            var end = calendar.StartOfDay(to.AddDays(1));
            query = query.Where(f => f.RaisedAt < end);
        }

        if (FindingOrder.Day(request.ClosedFrom) is { } closedFrom)
        {
            var start = calendar.StartOfDay(closedFrom);
            query = query.Where(f => f.ClosedAt != null && f.ClosedAt >= start);
            fromADay = true;
        }

        if (request.OnTime == true)
        {
            query = query.Where(f => f.ClosedAt != null && f.ClosedAt <= f.DueAt);
        }

        return (string.IsNullOrWhiteSpace(request.Text) ? query : Matching(query, request.Text.Trim()), fromADay);
    }

    /// <summary>
    /// Findings whose text holds the words: the item's title is the definition's (in both languages), so the titles
    /// that match are found here and the findings looked up by their item; the rest is compared in the database,
    /// ignoring case.
    /// </summary>
    private IQueryable<Finding> Matching(IQueryable<Finding> query, string text)
    {
        var lower = text.ToLower(CultureInfo.InvariantCulture);
        var items = workflows.Current.Inspections
            .SelectMany(w => w.Items)
            .Where(i => i.Text.ZhCn.Contains(text, StringComparison.OrdinalIgnoreCase) || i.Text.En.Contains(text, StringComparison.OrdinalIgnoreCase))
            .Select(i => i.ItemId)
            .Distinct()
            .ToList();
        // Translated to SQL lower() on both databases; a culture argument would not translate.
#pragma warning disable CA1304, CA1311, CA1862
        return query.Where(f =>
            items.Contains(f.ItemId)
            || (f.Note != null && f.Note.ToLower().Contains(lower))
            || f.Zone!.Name.ToLower().Contains(lower)
            || f.Zone.Key.ToLower().Contains(lower)
            || f.Asset!.Name.ToLower().Contains(lower)
            || f.Asset.Key.ToLower().Contains(lower)
            || f.Owner!.DisplayName.ToLower().Contains(lower)
            || f.Owner.UserName!.ToLower().Contains(lower));
#pragma warning restore CA1304, CA1311, CA1862
    }

    /// <summary>
    /// The zones a search may name, as (key, name) by key: the zones the viewer answers for, and any other zone one of
    /// their visible findings is in (an owner's).
    /// </summary>
    public async Task<IReadOnlyList<(string Key, string Name)>> ZonesAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        var zones = await ZonesOffered(viewer)
            .AsNoTracking()
            .OrderBy(z => z.Key)
            .Select(z => new { z.Key, z.Name })
            .ToListAsync(cancellationToken);
        return [.. zones.Select(z => (z.Key, z.Name))];
    }

    /// <summary>The zones <see cref="ZonesAsync"/> offers: those of the viewer's findings read once, not asked of every zone in turn.</summary>
    internal IQueryable<Zone> ZonesOffered(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.SeesEverything)
        {
            return db.Zones;
        }

        var scoped = db.Zones.VisibleTo(viewer).Select(z => z.Id);
        var ofTheirFindings = reader.Visible(viewer).Select(f => f.ZoneId).Distinct();
        return db.Zones.Where(z => scoped.Contains(z.Id) || ofTheirFindings.Contains(z.Id));
    }
}

/// <summary>The orders a finding list may take, each ending with the id so that equal keys keep one order from page to page.</summary>
internal static class FindingOrder
{
    public static readonly IReadOnlySet<string> Sorts = new HashSet<string>(["due", "raised", "zone", "state"], StringComparer.Ordinal);

    /// <summary>The due date, as an expression rather than the column, so that no index on it gives the order.</summary>
    private static readonly Expression<Func<Finding, DateTimeOffset>> DueUnindexed = f => f.ClosedAt == null ? f.DueAt : f.DueAt;

    /// <summary>
    /// The findings in the order asked for. In due order (the default) a list of every finding is read page by page
    /// through the due-date index; a list of a period (raised or closed since a day) is read through the index of that
    /// time and its findings sorted, as walking every finding in due order to find a recent month's (late in due
    /// order) read 93 % of a million findings for a page (0.97 s against 38 ms). A list bounded only by its last day
    /// keeps the due-date index: the findings raised before a day come early in due order. SQLite, which keeps no
    /// statistics, would take the due-date index whenever the order allows it; the period's list is ordered by an
    /// expression of the due date the index does not hold.
    /// </summary>
    public static IOrderedQueryable<Finding> Apply(IQueryable<Finding> query, string sort, bool descending, bool inPeriod = false) => (sort, descending, inPeriod) switch
    {
        ("due" or "", _, true) => DueSorted(query, descending),
        ("raised", false, _) => query.OrderBy(f => f.RaisedAt).ThenBy(f => f.Id),
        ("raised", true, _) => query.OrderByDescending(f => f.RaisedAt).ThenByDescending(f => f.Id),
        ("zone", false, _) => query.OrderBy(f => f.Zone!.Name).ThenBy(f => f.ZoneId).ThenBy(f => f.DueAt).ThenBy(f => f.Id),
        ("zone", true, _) => query.OrderByDescending(f => f.Zone!.Name).ThenByDescending(f => f.ZoneId).ThenBy(f => f.DueAt).ThenBy(f => f.Id),
        ("state", false, _) => query.OrderBy(f => f.State).ThenBy(f => f.DueAt).ThenBy(f => f.Id),
        ("state", true, _) => query.OrderByDescending(f => f.State).ThenBy(f => f.DueAt).ThenBy(f => f.Id),
        (_, true, _) => query.OrderByDescending(f => f.DueAt).ThenByDescending(f => f.Id),
        _ => query.OrderBy(f => f.DueAt).ThenBy(f => f.Id),
    };

    /// <summary>
    /// Due first (or last), read through whatever index the rest of the query chooses and sorted: for a list that is a
    /// small part of the findings (a period, one owner's), which the due-date indexes would find only by walking every
    /// finding, open or not, in due order.
    /// </summary>
    public static IOrderedQueryable<Finding> DueSorted(IQueryable<Finding> query, bool descending = false) =>
        descending ? query.OrderByDescending(DueUnindexed).ThenByDescending(f => f.Id) : query.OrderBy(DueUnindexed).ThenBy(f => f.Id);

    /// <summary>A local day typed as <c>yyyy-MM-dd</c> in the supported years, or null.</summary>
    public static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && WorkCalendar.IsSupported(day) ? day : null;
}
