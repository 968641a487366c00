using Hangfire;
using SafetyFlow.Web.Features.Admin;
using SafetyFlow.Web.Features.Audit;
using SafetyFlow.Web.Features.Auth;
using SafetyFlow.Web.Features.Delivery;
using SafetyFlow.Web.Features.Findings;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Features.Profile;
using SafetyFlow.Web.Features.Notifications;
using SafetyFlow.Web.Features.Org;
using SafetyFlow.Web.Features.People;
using SafetyFlow.Web.Features.Reports;
using SafetyFlow.Web.Features.Rounds;
using SafetyFlow.Web.Features.Workflows;
using SafetyFlow.Web.Features.Zones;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows;
using Scalar.AspNetCore;

WebApplication app;
Task warmUp;
try
{
    var contentRoot = ContentRoot.Locate();
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = DemoOptions.ExpandSwitch(args), ContentRootPath = contentRoot, WebRootPath = ContentRoot.WebRoot(contentRoot) });
    var timings = new StartupTimings();
    timings.Mark("runtime and configuration");
    builder.Services.AddSingleton(timings);
    builder.AddSettings();
    builder.AddClock();
    builder.AddPersistence();
    builder.AddIdentityAndTokens();
    builder.AddSignIn();
    builder.AddWorkflows();
    builder.AddJobs();
    builder.AddDelivery();
    builder.AddApi();
    builder.AddReports();
    builder.AddInspections();
    builder.AddNotifications();
    builder.AddFindings();
    builder.AddAudit();
    builder.AddWebApp();
    builder.AddWebSecurity();
    app = builder.Build();
    timings.Mark("services");
    warmUp = app.WarmUp();

    // Every ValidateOnStart setting is checked now, so a bad value stops start-up before anything is touched.
    app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
    timings.Mark("settings check");
}
catch (WorkflowDefinitionException e)
{
    await Console.Error.WriteLineAsync($"SafetyFlow cannot start: a workflow definition is invalid.{Environment.NewLine}{e.Message}");
    return 1;
}
catch (Exception e) when (SettingFailures.Of(e) is { Count: > 0 } failures)
{
    await Console.Error.WriteLineAsync($"SafetyFlow cannot start: a setting is invalid.{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    return 1;
}

app.UseWebSecurity();
app.UseErrorPages();
app.UseApiBodyLimits();
app.UseWebApp();
app.UseSignInDefences();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference().AllowAnonymous();
app.MapHealthEndpoints();
app.MapAuthEndpoints();
app.MapPeopleEndpoints();
app.MapOrgEndpoints();
app.MapWorkflowEndpoints();
app.MapRoundEndpoints();
app.MapInspectionEndpoints();
app.MapFindingEndpoints();
app.MapNotificationEndpoints();
app.MapProfileEndpoints();
app.MapDeliveryEndpoints();
app.MapStalledEscalationEndpoints();
app.MapReportEndpoints();
app.MapZoneRatingEndpoints();
app.MapAuditEndpoints();
app.MapWebApp();
if (app.Services.GetService<ManualClock>() is not null)
{
    app.MapClockEndpoints();
}

app.Services.GetRequiredService<StartupTimings>().Mark("pipeline and routes");
try
{
    await warmUp;
    app.Services.GetRequiredService<StartupTimings>().Mark("database model");
    await app.PrepareAsync();
}
catch (Exception e) when (SettingFailures.Of(e) is { Count: > 0 } failures)
{
    // A setting only the database's state makes necessary (the first admin's password, the master key file).
    await Console.Error.WriteLineAsync($"SafetyFlow cannot start: a setting is invalid.{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    return 1;
}

app.AnnounceWhenStarted();
await app.RunAsync();
return 0;

/// <summary>The entry point, named so integration tests can host the app.</summary>
public partial class Program;
