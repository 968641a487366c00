using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.UnitTests.Workflows;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Org;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;
using SafetyFlow.Workflows;

namespace SafetyFlow.UnitTests.Features.Org;

/// <summary>The org import as a use case, without HTTP: all or nothing, every refusal naming its row.</summary>
public sealed class ImportOrgTests : IAsyncLifetime
{
    private TwoUnitOrganisation _org = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        // Field paths as the app names them: results[3].value, units[0].key.
        ValidationExtensions.UseCamelCasePropertyNames();
        _org = await TwoUnitOrganisation.CreateAsync();
        var services = new ServiceCollection().AddLogging().AddSingleton(_org.Db);
        services.AddIdentityCore<AppUser>().AddRoles<IdentityRole<Guid>>().AddEntityFrameworkStores<SafetyFlowDbContext>();
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _org.DisposeAsync();
    }

    private ImportOrg Import => new(
        new OrgDocumentValidator(),
        new OrgImporter(
            _org.Db,
            _services.GetRequiredService<UserManager<AppUser>>(),
            _services.GetRequiredService<RoleManager<IdentityRole<Guid>>>(),
            new WorkflowRegistry(
                WorkflowLoader.LoadFolder(WorkflowFolder.RepoWorkflows),
                _services.GetRequiredService<IServiceScopeFactory>(),
                NullLogger<WorkflowRegistry>.Instance)));

    [Fact]
    public async Task A_document_is_stored_and_counted_and_refers_to_stored_records()
    {
        var document = new OrgDocument(
            [new UnitRow("u-canteen-2", "Canteen 2", "u-company")],
            [
                new UserRow("member-canteen-2", "Wang Wu", null, null, "Demo!2026x", ["Member"], "u-canteen-2", "en"),
                new UserRow("owner-canteen-2", "Zhao Liu", null, null, "Demo!2026x", ["Owner"], "u-canteen-2", null),
            ],
            [new ZoneRow("z-canteen-2", "Canteen 2 kitchen", "u-canteen-2", "member-canteen-2")],
            [new AssetRow("ext-c2-01", "Extinguisher C2-01", "extinguisher", "z-canteen-2", "owner-canteen-2", null)]);

        var result = await Import.HandleAsync(document, CancellationToken.None);

        Assert.Equal(new ImportCounts(1, 2, 1, 1), result.Value);
        _org.Db.ChangeTracker.Clear();
        var zone = await _org.Db.Zones.Include(z => z.Member).SingleAsync(z => z.Key == "z-canteen-2");
        Assert.Equal("member-canteen-2", zone.Member!.UserName);
    }

    [Fact]
    public async Task A_row_of_the_wrong_shape_is_refused_at_its_path()
    {
        var result = await Import.HandleAsync(new OrgDocument([new UnitRow("bad key", "Bad", null)], null, null, null), CancellationToken.None);

        var invalid = Assert.IsType<Failure.Invalid>(result.Failure);
        Assert.Equal(["units[0].key"], invalid.Errors.Keys);
        Assert.Equal("The organisation document has errors; nothing was stored.", invalid.Title);
    }

    [Fact]
    public async Task A_reference_to_nothing_is_refused_at_its_row_and_the_rest_of_the_document_is_not_stored()
    {
        var document = new OrgDocument(
            [new UnitRow("u-new", "New unit", null)],
            null,
            [new ZoneRow("z-new", "New zone", "u-nowhere", "member-canteen")],
            null);

        var result = await Import.HandleAsync(document, CancellationToken.None);

        var invalid = Assert.IsType<Failure.Invalid>(result.Failure);
        Assert.Contains("u-nowhere", Assert.Single(invalid.Errors["zones[0].unit"]), StringComparison.Ordinal);
        Assert.False(await _org.Db.Units.AnyAsync(u => u.Key == "u-new"));
    }
}
