using FluentValidation;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Org;

/// <summary>A unit's name and parent (a unit's key, or none for a top unit) as the admin leaves them.</summary>
public sealed record EditUnitRequest(string Key, string? Name, string? Parent);

/// <summary>A unit as the admin pages and the API show it.</summary>
public sealed record UnitView(string Key, string Name, string? Parent);

internal sealed class EditUnitValidator : AbstractValidator<EditUnitRequest>
{
    public EditUnitValidator()
    {
        RuleFor(r => r.Key).NotEmpty().MaximumLength(64).WithoutNul();
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200).WithoutNul();
        RuleFor(r => r.Parent).MaximumLength(64).WithoutNul();
    }
}

/// <summary>
/// An admin renames a unit or moves it under another; a unit cannot end up under itself. Supervision, scope and
/// routing follow the tree as it is now (decision 008).
/// </summary>
public sealed class EditUnit(IValidator<EditUnitRequest> validator, SafetyFlowDbContext db)
{
    public async Task<Result<UnitView>> HandleAsync(EditUnitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var units = await db.Units.ToListAsync(cancellationToken);
        var unit = units.SingleOrDefault(u => string.Equals(u.Key, request.Key, StringComparison.OrdinalIgnoreCase));
        if (unit is null)
        {
            return new Failure.NotFound();
        }

        Unit? parent = null;
        if (!string.IsNullOrEmpty(request.Parent))
        {
            parent = units.SingleOrDefault(u => string.Equals(u.Key, request.Parent, StringComparison.OrdinalIgnoreCase));
            if (parent is null)
            {
                return OrgRefusal.At("parent", $"No unit '{request.Parent}'.");
            }

            var byId = units.ToDictionary(u => u.Id);
            for (var above = parent; above is not null; above = above.ParentId is { } id ? byId[id] : null)
            {
                if (above.Id == unit.Id)
                {
                    return OrgRefusal.At("parent", $"Unit '{unit.Key}' would be its own ancestor.");
                }
            }
        }

        unit.Name = request.Name!.Trim();
        unit.ParentId = parent?.Id;
        await db.SaveChangesAsync(cancellationToken);
        return new UnitView(unit.Key, unit.Name, parent?.Key);
    }
}

/// <summary>A refusal of one field of an organisation form.</summary>
internal static class OrgRefusal
{
    public static Failure.Invalid At(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    public static Failure.Invalid From(ValidationErrors errors) => new(errors.ToDictionary().AsReadOnly());
}
