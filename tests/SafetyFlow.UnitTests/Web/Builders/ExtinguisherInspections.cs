using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.UnitTests.Web.Builders;

/// <summary>
/// Two extinguishers in a zone of <see cref="TwoUnitOrganisation"/>, owned by <see cref="People.Owner"/>, and this week's
/// extinguisher inspection of the zone, as a round creates it. Answers are built against the real checklist.
/// </summary>
internal sealed class ExtinguisherInspections(TwoUnitOrganisation org)
{
    public const string WorkflowId = "weekly-extinguisher-check";

    /// <summary>The zone's member, as the use cases see them.</summary>
    public static Viewer Member { get; } = new(People.Member.UserId, People.Member.UserName, new HashSet<Role> { Role.Member }, new HashSet<Guid>());

    /// <summary>A member with zones of their own elsewhere, none of these.</summary>
    public static Viewer OtherMember { get; } = new(Guid.NewGuid(), "member-dorm", new HashSet<Role> { Role.Member }, new HashSet<Guid>());

    /// <summary>An owner: inspections are not theirs to see.</summary>
    public static Viewer Owner { get; } = new(People.Owner.UserId, People.Owner.UserName, new HashSet<Role> { Role.Owner }, new HashSet<Guid>());

    public InspectionWorkflow Checklist => (InspectionWorkflow)org.Workflows.Current.Find(WorkflowId)!;

    /// <summary>Adds two extinguishers to the zone and its inspection for the week of <see cref="TwoUnitOrganisation.Now"/>.</summary>
    public async Task<Inspection> AddAsync(Zone zone)
    {
        var assets = new[]
        {
            new Asset { Key = $"{zone.Key}-ext-1", Name = "Extinguisher 1", Type = "extinguisher", ZoneId = zone.Id, OwnerId = People.Owner.UserId },
            new Asset { Key = $"{zone.Key}-ext-2", Name = "Extinguisher 2", Type = "extinguisher", ZoneId = zone.Id, OwnerId = People.Owner.UserId },
        };
        org.Db.Assets.AddRange(assets);
        var now = org.Clock.GetUtcNow();
        var inspection = Inspection.Create(
            WorkflowId, Checklist.ContentHash, zone.Id, org.Calendar.WeekOf(now), now, now.AddHours(2), now.AddDays(5), now, assets.Select(a => a.Id));
        org.Db.Inspections.Add(inspection);
        await org.Db.SaveChangesAsync();
        org.Db.ChangeTracker.Clear();
        return inspection;
    }

    /// <summary>Every item of every asset answered: checks pass, readings inside their limits, unless <paramref name="change"/> says otherwise.</summary>
    public List<ResultRow> Answers(Zone zone, Func<ResultRow, ResultRow>? change = null) =>
        [.. new[] { $"{zone.Key}-ext-1", $"{zone.Key}-ext-2" }
            .SelectMany(asset => Checklist.Items.Select(item => item.Kind == ItemKind.Check
                ? new ResultRow(asset, item.ItemId, "pass", null, null, null)
                : new ResultRow(asset, item.ItemId, null, Inside(item), null, null)))
            .Select(row => change?.Invoke(row) ?? row)];

    private static decimal Inside(ChecklistItem item) =>
        (item.Min, item.Max) switch
        {
            ({ } min, { } max) => (min + max) / 2,
            ({ } min, null) => min + 1,
            (null, { } max) => max - 1,
            _ => 1,
        };
}
