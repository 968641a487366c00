using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Auth;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.IntegrationTests.Security;

/// <summary>
/// Every signed-in request reads the person's stamp, lockout, language and roles again. The read goes through each
/// table's key: read as a collection, the roles were a subquery SQLite made whole (every person's roles, 2,405 rows in a
/// whole group) on every request, about 1.6 ms of each.
/// </summary>
public sealed class SignedInPersonQueryPlanTests
{
    [Fact]
    public async Task A_signed_in_request_reads_the_person_and_their_roles_through_their_keys()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();

        var plan = await QueryPlans.OfAsync(db, CurrentPeople.Standing(db, Guid.NewGuid()));

        if (TestDatabase.IsPostgres)
        {
            Assert.DoesNotContain(plan, step => step.Contains("Seq Scan", StringComparison.Ordinal));
            return;
        }

        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal) || step.StartsWith("MATERIALIZE", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("AspNetUserRoles", StringComparison.Ordinal) && step.Contains("(UserId=?)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_read_gives_every_role_a_person_holds_and_a_person_with_none()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var both = new AppUser { UserName = "two-roles", DisplayName = "Two roles", Language = "en" };
        var none = new AppUser { UserName = "no-role", DisplayName = "No role" };
        Assert.True((await users.CreateAsync(both)).Succeeded);
        Assert.True((await users.AddToRolesAsync(both, [nameof(Role.Supervisor), nameof(Role.Owner)])).Succeeded);
        Assert.True((await users.CreateAsync(none)).Succeeded);

        var held = await CurrentPeople.Standing(db, both.Id).ToListAsync();
        var nothing = await CurrentPeople.Standing(db, none.Id).ToListAsync();
        var unknown = await CurrentPeople.Standing(db, Guid.NewGuid()).ToListAsync();

        Assert.Equal([nameof(Role.Owner), nameof(Role.Supervisor)], held.Select(r => r.Role).Order(StringComparer.Ordinal));
        Assert.All(held, r => Assert.Equal(both.SecurityStamp, r.SecurityStamp));
        Assert.All(held, r => Assert.Equal("en", r.Language));
        var alone = Assert.Single(nothing);
        Assert.Null(alone.Role);
        Assert.Equal(none.SecurityStamp, alone.SecurityStamp);
        Assert.Empty(unknown);
    }
}
