using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.IntegrationTests.Support;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Features.Inspections;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.IntegrationTests.Inspections;

/// <summary>A record is read in sets: its queries do not grow with its answers, photos or findings.</summary>
public sealed class InspectionRecordQueryCountTests : IAsyncLifetime
{
    private readonly QueryCounter _queries = new();
    private readonly SafetyFlowApp _app;

    public InspectionRecordQueryCountTests() => _app = new SafetyFlowApp(SafetyFlowApp.NewDatabase(), services: _queries.AddTo);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_record_with_three_photos_and_three_findings_takes_as_many_queries_as_one_with_none()
    {
        var member = await _app.SignInAsync("member-canteen");
        var pages = await _app.SignInToPagesAsync("member-canteen");

        var kitchen = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-kitchen");
        foreach (var asset in kitchen.Assets)
        {
            kitchen.Fail(asset, "in-place", "gone");
        }

        using (var form = InspectionRecordTests.ChecklistForm(kitchen, await pages.AntiForgeryTokenAsync($"/inspections/{kitchen.Id}")))
        {
            foreach (var asset in kitchen.Assets)
            {
                form.Add(InspectionRecordTests.Jpeg(), $"Answers[{InspectionRecordTests.AnswerIndex(kitchen, asset, "in-place")}].Photo", $"{asset}.jpg");
            }

            Assert.Equal(HttpStatusCode.Redirect, (await pages.PostAsync($"/inspections/{kitchen.Id}", form)).StatusCode);
        }

        var hall = await Checklist.OpenAsync(member, "weekly-extinguisher-check", "z-canteen-hall");
        await member.PostJsonAsync($"/api/inspections/{hall.Id}/submit", hall.Body());

        // Once first, so that nothing read once per app (the checklist's definition) counts for either.
        await ReadCountingAsync(Guid.Parse(hall.Id));
        var (full, fullQueries) = await ReadCountingAsync(Guid.Parse(kitchen.Id));
        var (clean, cleanQueries) = await ReadCountingAsync(Guid.Parse(hall.Id));

        Assert.Equal(3, full.PhotoCount);
        Assert.Equal(3, full.Findings.Count);
        Assert.Equal(0, clean.PhotoCount);
        Assert.Empty(clean.Findings);
        Assert.True(fullQueries == cleanQueries, $"The record with photos and findings took {fullQueries} queries; the one without, {cleanQueries}.");
    }

    private async Task<(InspectionRecord Record, int Queries)> ReadCountingAsync(Guid id)
    {
        using var scope = _app.Services.CreateScope();
        var records = scope.ServiceProvider.GetRequiredService<ReadInspectionRecord>();
        var office = new Viewer(Guid.NewGuid(), "safety1", new HashSet<Role> { Role.SafetyOffice }, new HashSet<Guid>());
        var (result, queries) = await QueryCounter.CountingAsync(() => records.HandleAsync(new InspectionRecordRequest(id, "en", office), CancellationToken.None));
        Assert.True(result.Succeeded);
        return (result.Value, queries);
    }
}
