namespace SafetyFlow.Web.Domain;

/// <summary>A zone's stored rating for one month, written by the monthly rating job.</summary>
public sealed class ZoneRating
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid ZoneId { get; init; }

    /// <summary>The rated month, <c>yyyy-MM</c> in the work calendar.</summary>
    public required string Month { get; init; }

    public int Stars { get; init; }

    public decimal Score { get; init; }

    /// <summary>The score's components as JSON, kept as computed so that a later formula change does not rewrite history.</summary>
    public required string Components { get; init; }

    /// <summary>Content hash of the zone-rating definition the rating was computed with.</summary>
    public required string DefinitionHash { get; init; }

    public DateTimeOffset ComputedAt { get; init; }
}
