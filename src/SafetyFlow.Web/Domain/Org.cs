using Microsoft.AspNetCore.Identity;

namespace SafetyFlow.Web.Domain;

/// <summary>A person who signs in. Roles are Identity roles named after <see cref="SafetyFlow.Workflows.Model.Role"/>.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    public Guid? UnitId { get; set; }

    public Unit? Unit { get; set; }

    /// <summary>Language tag for messages: <c>zh-CN</c> or <c>en</c>.</summary>
    public string Language { get; set; } = "zh-CN";

    /// <summary>Whether notifications also go to <see cref="IdentityUser{TKey}.Email"/> (when email delivery is on and the person has an address).</summary>
    public bool NotifyByEmail { get; set; } = true;

    /// <summary>The configured group webhook (by name) that should also carry this person's notifications, if any.</summary>
    public string? NotifyWebhook { get; set; }

    /// <summary>
    /// A deactivated person's lockout end: Identity's own way of keeping an account from signing in, so the person and
    /// their name in every history stay, and nothing else in the schema changes (decision 014).
    /// </summary>
    public static readonly DateTimeOffset DeactivatedUntil = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Whether the person may sign in and act; false once an admin deactivated them.</summary>
    public bool IsActive => IsActiveWith(LockoutEnd);

    public static bool IsActiveWith(DateTimeOffset? lockoutEnd) => !(lockoutEnd >= DeactivatedUntil);

    public void Deactivate()
    {
        LockoutEnabled = true;
        LockoutEnd = DeactivatedUntil;
    }

    public void Activate()
    {
        LockoutEnd = null;
        AccessFailedCount = 0;
    }
}

/// <summary>An organisational unit; units form a tree.</summary>
public sealed class Unit
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Key { get; init; }

    public required string Name { get; set; }

    public Guid? ParentId { get; set; }

    public Unit? Parent { get; set; }
}

/// <summary>A responsibility zone inspected weekly by its member.</summary>
public sealed class Zone
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Key { get; init; }

    public required string Name { get; set; }

    public Guid UnitId { get; set; }

    public Unit? Unit { get; set; }

    public Guid MemberId { get; set; }

    public AppUser? Member { get; set; }

    /// <summary>
    /// Who receives the findings on items asked once per zone visit; null when the zone's assets of the checklist's type
    /// have a single owner, who receives them instead.
    /// </summary>
    public Guid? OwnerId { get; set; }

    public AppUser? Owner { get; set; }
}

/// <summary>Something inspected: an extinguisher, a hydrant cabinet, a distribution board, a kitchen.</summary>
public sealed class Asset
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Key { get; init; }

    public required string Name { get; set; }

    /// <summary><c>extinguisher</c>, <c>hydrant</c>, <c>electrical</c> or <c>kitchen</c>.</summary>
    public required string Type { get; set; }

    public Guid ZoneId { get; set; }

    public Zone? Zone { get; set; }

    public Guid OwnerId { get; set; }

    public AppUser? Owner { get; set; }

    public Dictionary<string, string> Attributes { get; set; } = [];
}
