using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.IntegrationTests.Operations;

/// <summary>
/// The Hangfire dashboard at <c>/hangfire</c>: admins only, and behind a load balancer the same from every node, since
/// the nodes share the job store and the keys behind the sign-in cookie.
/// </summary>
public sealed partial class JobDashboardTests
{
    [Fact]
    public async Task An_admin_sees_the_dashboard_and_this_nodes_job_server_and_no_one_else_does()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());

        var admin = await app.SignInToPagesAsync("admin");
        Assert.Contains("SafetyFlow jobs", await admin.PageAsync("/hangfire"), StringComparison.Ordinal);
        Assert.Contains(app.Services.GetRequiredService<JobServerName>().Value, await admin.PageAsync("/hangfire/servers"), StringComparison.Ordinal);

        foreach (var person in new[] { "safety1", "sup-dorm", "member-dorm", "owner-fire" })
        {
            var refused = await (await app.SignInToPagesAsync(person)).GetAsync("/hangfire");
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{person}: {(int)refused.StatusCode}");
        }

        // With a bearer token the same holds.
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignInAsync("admin")).GetAsync("/hangfire")).StatusCode);
        var office = await app.SignInAsync("safety1");
        Assert.Equal(HttpStatusCode.Forbidden, (await office.GetAsync("/hangfire")).StatusCode);
        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in new[] { "/hangfire", "/hangfire/servers" })
        {
            // Someone not signed in is sent to sign in.
            var challenged = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, challenged.StatusCode);
            Assert.Contains("/login?ReturnUrl=", challenged.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [PostgresFact("several nodes share one database and job store; SQLite is one process on one file")]
    public async Task An_admin_signed_in_on_one_node_sees_every_nodes_job_server_on_the_dashboard_of_another()
    {
        var environment = new Dictionary<string, string> { ["ConnectionStrings__SafetyFlow"] = TestDatabase.ConnectionString(SafetyFlowApp.NewDatabase()) };
        using var first = await AppProcess.StartAsync(environment, "--demo");
        using var second = await AppProcess.StartAsync(environment, "--demo");

        // One browser behind the load balancer: its cookie goes to whichever node answers.
        using var admin = await SignInAsync(first.Address, "admin");
        var servers = await admin.PageAsync(new Uri(second.Address, "/hangfire/servers").ToString());
        var machine = Regex.Escape(Environment.MachineName.ToLowerInvariant());
        var nodes = Regex.Matches(servers, $"{machine}-[0-9a-f]{{8}}:").Select(m => m.Value).Distinct().ToList();
        Assert.True(nodes.Count == 2, $"The dashboard on the second node lists {nodes.Count} job servers: {string.Join(", ", nodes)}");
        Assert.Contains("SafetyFlow jobs", await admin.PageAsync(new Uri(first.Address, "/hangfire").ToString()), StringComparison.Ordinal);

        using var office = await SignInAsync(second.Address, "safety1");
        Assert.Equal(HttpStatusCode.Forbidden, (await office.GetAsync(new Uri(first.Address, "/hangfire"))).StatusCode);
    }

    private static async Task<HttpClient> SignInAsync(Uri node, string userName)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });
        var form = await client.GetStringAsync(new Uri(node, "/login"));
        var signedIn = await client.PostAsync(new Uri(node, "/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiForgeryField().Match(form).Groups[1].Value,
            ["userName"] = userName,
            ["password"] = SafetyFlowApp.DemoPassword,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryField();
}
