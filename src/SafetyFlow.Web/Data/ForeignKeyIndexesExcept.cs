using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace SafetyFlow.Web.Data;

/// <summary>
/// EF Core's convention that indexes every foreign key, but for the keys named here: an index that no query reads and
/// that every write of the table pays for (decision 027). The relationship and its constraint stay.
/// </summary>
internal sealed class ForeignKeyIndexesExcept(
    ProviderConventionSetBuilderDependencies dependencies,
    IReadOnlySet<(Type Entity, string Property)> unindexed)
    : ForeignKeyIndexConvention(dependencies)
{
    protected override IConventionIndex? CreateIndex(
        IReadOnlyList<IConventionProperty> properties, bool unique, IConventionEntityTypeBuilder entityTypeBuilder)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(entityTypeBuilder);
        return properties is [var property] && unindexed.Contains((entityTypeBuilder.Metadata.ClrType, property.Name))
            ? null
            : base.CreateIndex(properties, unique, entityTypeBuilder);
    }
}
