using FluentValidation;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Findings;

/// <summary>Hands a finding to the person with user name <paramref name="Owner"/>, with an optional note.</summary>
public sealed record ReassignFindingRequest(Guid FindingId, string? Owner, string? Note, Viewer Viewer, string Language);

internal sealed class ReassignFindingRequestValidator : AbstractValidator<ReassignFindingRequest>
{
    public ReassignFindingRequestValidator()
    {
        RuleFor(r => r.Owner).NotEmpty().MaximumLength(256).WithoutNul().OverridePropertyName("owner");
        RuleFor(r => r.Note).MaximumLength(2000).WithoutNul().OverridePropertyName("note");
    }
}

/// <summary>Someone a finding may be handed to: an active person holding the Owner role.</summary>
public sealed record OwnerChoice(string UserName, string DisplayName);

/// <summary>
/// An admin or the safety office hands an open finding to another owner, who must be an active person holding the Owner
/// role. The change is a record of the finding's history (who, from whom, to whom, why) and the new owner is told when
/// it is saved. Anyone else is refused (403); a closed finding keeps its owner (409).
/// </summary>
public sealed class ReassignFinding(IValidator<ReassignFindingRequest> validator, FindingChanges changes, SafetyFlowDbContext db)
{
    public async Task<Result<FindingView>> HandleAsync(ReassignFindingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (!request.Viewer.Is(Role.Admin) && !request.Viewer.Is(Role.SafetyOffice))
        {
            // Not found or refused as for anyone else who may not: the finding's scope first, then the entity's rule.
            return await changes.ApplyAsync(request.FindingId, request.Viewer, request.Language, (finding, _, actor, now) => finding.Reassign(actor, Guid.Empty, "", "", null, now), cancellationToken);
        }

        var normalized = request.Owner!.Trim().ToUpperInvariant();
        var owner = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.LockoutEnd })
            .SingleOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return Invalid($"There is no person '{request.Owner}'.");
        }

        if (!AppUser.IsActiveWith(owner.LockoutEnd))
        {
            return Invalid($"{owner.UserName} is deactivated.");
        }

        if (!await OwnersQuery().AnyAsync(id => id == owner.Id, cancellationToken))
        {
            return Invalid($"{owner.UserName} does not hold the Owner role.");
        }

        // Who owns it now, by name, for the history; a finding that does not exist is answered by the change below.
        var current = await db.Findings.AsNoTracking().Where(f => f.Id == request.FindingId)
            .Select(f => new { f.OwnerId, f.Owner!.UserName, f.Owner.DisplayName })
            .SingleOrDefaultAsync(cancellationToken);
        if (current is not null && current.OwnerId == owner.Id)
        {
            return Invalid($"{owner.UserName} owns this finding already.");
        }

        var from = current is null ? "" : Named(current.DisplayName, current.UserName!);
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        return await changes.ApplyAsync(
            request.FindingId,
            request.Viewer,
            request.Language,
            (finding, _, actor, now) => finding.Reassign(actor, owner.Id, from, Named(owner.DisplayName, owner.UserName!), note, now),
            cancellationToken);
    }

    /// <summary>The people a finding may be handed to, by display name.</summary>
    public async Task<IReadOnlyList<OwnerChoice>> ChoicesAsync(CancellationToken cancellationToken)
    {
        var owners = OwnersQuery();
        var people = await db.Users.AsNoTracking().Where(u => owners.Contains(u.Id))
            .Select(u => new { u.UserName, u.DisplayName, u.LockoutEnd })
            .ToListAsync(cancellationToken);
        return [.. people.Where(p => AppUser.IsActiveWith(p.LockoutEnd))
            .Select(p => new OwnerChoice(p.UserName!, p.DisplayName))
            .OrderBy(p => p.DisplayName, StringComparer.Ordinal)];
    }

    private IQueryable<Guid> OwnersQuery()
    {
        const string role = nameof(Role.Owner);
        return from userRole in db.UserRoles
               join r in db.Roles on userRole.RoleId equals r.Id
               where r.Name == role
               select userRole.UserId;
    }

    private static string Named(string displayName, string userName) =>
        string.IsNullOrEmpty(displayName) || displayName == userName ? userName : $"{displayName} ({userName})";

    private static Failure.Invalid Invalid(string message) => new(new Dictionary<string, string[]> { ["owner"] = [message] });
}
