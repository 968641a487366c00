using FluentValidation;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.Web.Features.Org;

/// <summary>An asset's name, type, zone (a key) and owner (a user name) as the admin leaves them.</summary>
public sealed record EditAssetRequest(string Key, string? Name, string? Type, string? Zone, string? Owner);

/// <summary>An asset as the admin pages and the API show it.</summary>
public sealed record AssetView(string Key, string Name, string Type, string Zone, string Owner);

internal sealed class EditAssetValidator : AbstractValidator<EditAssetRequest>
{
    public EditAssetValidator()
    {
        RuleFor(r => r.Key).NotEmpty().MaximumLength(64).WithoutNul();
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200).WithoutNul();
        RuleFor(r => r.Type).Must(t => OrgDocumentValidator.AssetTypes.Contains(t))
            .WithMessage("'{PropertyValue}' is not an asset type; use extinguisher, hydrant, electrical or kitchen.");
        RuleFor(r => r.Zone).NotEmpty().MaximumLength(64).WithoutNul();
        RuleFor(r => r.Owner).NotEmpty().MaximumLength(256).WithoutNul();
    }
}

/// <summary>
/// An admin renames an asset, changes its type, moves it to another zone or gives it another owner (an active person
/// holding the Owner role), who receives the findings raised on it from then on; findings raised before keep theirs.
/// </summary>
public sealed class EditAsset(IValidator<EditAssetRequest> validator, SafetyFlowDbContext db, WorkflowRegistry workflows)
{
    public async Task<Result<AssetView>> HandleAsync(EditAssetRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await validator.RefusalAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var asset = await db.Assets.SingleOrDefaultAsync(a => a.Key == request.Key, cancellationToken);
        if (asset is null)
        {
            return new Failure.NotFound();
        }

        var errors = new ValidationErrors();
        var zone = await db.Zones.AsNoTracking().Where(z => z.Key == request.Zone).Select(z => (Guid?)z.Id).SingleOrDefaultAsync(cancellationToken);
        if (zone is null)
        {
            errors.Add("zone", $"No zone '{request.Zone}'.");
        }

        var owner = await OrgPeople.WithRoleAsync(db, request.Owner!, Role.Owner, "owner", errors, cancellationToken);
        if (zone is { } zoneId && owner is { } ownerId)
        {
            var zoneOwner = await db.Zones.AsNoTracking().Where(z => z.Id == zoneId).Select(z => z.OwnerId).SingleAsync(cancellationToken);
            await ZoneOwnerRule.CheckAsync(
                db, workflows, zoneId, request.Zone!, zoneOwner, new ZoneOwnerRule.AssetAfter(asset.Id, zoneId, request.Type!, ownerId), request.Type, "owner", errors, cancellationToken);
        }

        if (errors.Any)
        {
            return OrgRefusal.From(errors);
        }

        asset.Name = request.Name!.Trim();
        asset.Type = request.Type!;
        asset.ZoneId = zone!.Value;
        asset.OwnerId = owner!.Value;
        await db.SaveChangesAsync(cancellationToken);
        return new AssetView(asset.Key, asset.Name, asset.Type, request.Zone!, request.Owner!);
    }
}
