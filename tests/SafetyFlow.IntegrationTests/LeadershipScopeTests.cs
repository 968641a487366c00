using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// The group's leadership supervise the top unit, so every zone is in one of their units: they see what the safety
/// office sees, and their lists are read as the office's are, without a filter over every zone of the group (which at a
/// million findings made their finding list take ten seconds). A supervisor of part of the group still sees only it.
/// </summary>
public sealed class LeadershipScopeTests : IAsyncLifetime
{
    private readonly SafetyFlowApp _app = new(SafetyFlowApp.NewDatabase());
    private readonly List<string> _raised = [];

    public async Task InitializeAsync()
    {
        _raised.Add(await EscalationTests.RaiseGeneralFindingAsync(_app));
        _raised.Add(await EscalationTests.RaiseGeneralFindingAsync(_app, "member-dorm", "z-dorm-a"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_leadership_see_every_finding_the_office_sees_and_a_units_supervisor_only_theirs()
    {
        var office = await IdsAsync("safety1");
        var leadership = await IdsAsync("leader1");
        var canteen = await IdsAsync("sup-canteen");

        Assert.Superset(_raised.ToHashSet(), office);
        Assert.Equal(office, leadership);
        Assert.Contains(_raised[0], canteen);
        Assert.DoesNotContain(_raised[1], canteen);
    }

    [Fact]
    public async Task Only_a_supervisor_of_every_unit_is_read_as_seeing_everything_and_their_list_is_read_through_the_due_index()
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var viewers = scope.ServiceProvider.GetRequiredService<ViewerFactory>();

        var leader = await viewers.ForAsync(await SupervisorAsync(db, "leader1"), CancellationToken.None);
        var canteen = await viewers.ForAsync(await SupervisorAsync(db, "sup-canteen"), CancellationToken.None);
        var plan = await QueryPlans.OfAsync(db, FindingOrder.Apply(scope.ServiceProvider.GetRequiredService<FindingReader>().Visible(leader), "due", false).Take(50));

        Assert.True(leader.SupervisesEveryUnit);
        Assert.True(leader.SeesEverything);
        Assert.False(canteen.SupervisesEveryUnit);
        Assert.False(canteen.SeesEverything);
        if (TestDatabase.IsPostgres)
        {
            Assert.Contains(plan, step => step.Contains("\"IX_Findings_DueAt_Id\"", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("Append", StringComparison.Ordinal));
            return;
        }

        Assert.Contains(plan, step => step.StartsWith("SCAN f USING INDEX IX_Findings_DueAt_Id", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("UNION", StringComparison.Ordinal) || step.Contains("COMPOUND", StringComparison.Ordinal));
    }

    private async Task<HashSet<string>> IdsAsync(string userName)
    {
        var list = await (await _app.SignInAsync(userName)).GetJsonAsync("/api/findings?limit=500");
        return [.. list.EnumerateArray().Select(f => f.GetProperty("id").GetString()!)];
    }

    private static async Task<ClaimsPrincipal> SupervisorAsync(SafetyFlowDbContext db, string userName)
    {
        var id = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(TokenClaims.Subject, id.ToString()), new Claim(TokenClaims.Name, userName), new Claim(TokenClaims.Role, nameof(Role.Supervisor))],
            "test"));
    }
}
