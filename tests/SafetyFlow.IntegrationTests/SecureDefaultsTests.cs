using System.Net;
using System.Net.Http.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// A default install publishes nothing: the demo organisation and its shared password exist only when asked for, and
/// no password reaches the log. Run as the operator starts it, its own process.
/// </summary>
public sealed class SecureDefaultsTests
{
    private const string AdminPassword = "Strong!Admin-2026";

    [Fact]
    public async Task Production_with_no_admin_password_and_no_users_stops_start_up_naming_the_setting()
    {
        var (exitCode, message) = await AppProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("SafetyFlow:Bootstrap:AdminPassword", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_with_an_admin_password_has_only_that_admin_and_no_demo_people()
    {
        using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__SafetyFlow"] = TestDatabase.ConnectionString(SafetyFlowApp.NewDatabase()),
            ["SafetyFlow__Bootstrap__AdminPassword"] = AdminPassword,
        });
        using var client = new HttpClient { BaseAddress = app.Address };

        Assert.Equal(HttpStatusCode.OK, (await SignIn(client, "admin", AdminPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn(client, "admin", SafetyFlowApp.DemoPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn(client, "member-canteen", SafetyFlowApp.DemoPassword)).StatusCode);
        Assert.DoesNotContain(AdminPassword, app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_switch_loads_the_demo_people_and_the_log_never_shows_their_password()
    {
        using var app = await AppProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__SafetyFlow"] = TestDatabase.ConnectionString(SafetyFlowApp.NewDatabase()),
            },
            "--demo");
        using var client = new HttpClient { BaseAddress = app.Address };

        Assert.Equal(HttpStatusCode.OK, (await SignIn(client, "member-canteen", SafetyFlowApp.DemoPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignIn(client, "admin", SafetyFlowApp.DemoPassword)).StatusCode);
        await WaitForAsync(() => app.Output.Contains("Demo sign-ins", StringComparison.Ordinal));
        Assert.DoesNotContain(SafetyFlowApp.DemoPassword, app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readme_first_command_starts_development_on_the_system_clock_with_the_demo()
    {
        // What `dotnet run --project src/SafetyFlow.Web` does through its launch profile: Development, which also checks
        // at start that every registered service can be built, on the default System clock.
        using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__SafetyFlow"] = TestDatabase.ConnectionString(SafetyFlowApp.NewDatabase()),
            ["SafetyFlow__Clock__Mode"] = "System",
        });
        using var client = new HttpClient { BaseAddress = app.Address };

        Assert.Equal(HttpStatusCode.OK, (await SignIn(client, "member-canteen", SafetyFlowApp.DemoPassword)).StatusCode);
        var admin = await (await SignIn(client, "admin", SafetyFlowApp.DemoPassword)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        using var clock = new HttpRequestMessage(HttpMethod.Get, "/api/admin/clock");
        clock.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(clock)).StatusCode);
    }

    private static Task<HttpResponseMessage> SignIn(HttpClient client, string userName, string password) =>
        client.PostAsJsonAsync("/api/auth/token", new { userName, password });

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 50 && !condition(); attempt++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "The log never showed the demo sign-ins.");
    }
}
