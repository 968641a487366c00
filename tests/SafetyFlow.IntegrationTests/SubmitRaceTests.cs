using System.Net;
using System.Net.Http.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>The same checklist submitted twice at the same moment is stored once: one 200, one 409.</summary>
public sealed class SubmitRaceTests : IAsyncLifetime
{
    private readonly SubmitReadGate _barrier = new();
    private readonly SafetyFlowApp _app;

    public SubmitRaceTests() =>
        _app = new SafetyFlowApp(SafetyFlowApp.NewDatabase(), services: _barrier.AddTo);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Two_submits_at_once_get_one_success_and_one_conflict_and_the_findings_are_stored_once()
    {
        var phone = await _app.SignInAsync("member-canteen");
        var tablet = await _app.SignInAsync("member-canteen");
        var checklist = await Checklist.OpenAsync(phone, "weekly-extinguisher-check", "z-canteen-kitchen");
        var body = checklist.Fail(checklist.Assets[0], checklist.ItemOf("check", "general")).Body();
        var url = $"/api/inspections/{checklist.Id}/submit";

        var responses = await Task.WhenAll(phone.PostAsJsonAsync(url, body), tablet.PostAsJsonAsync(url, body));

        // Both requests read the inspection as not yet submitted: each was held after its read until the other had read too.
        Assert.Equal(2, _barrier.Contenders);
        var texts = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        var codes = responses.Select(r => r.StatusCode).Order().ToList();
        Assert.True(codes.SequenceEqual([HttpStatusCode.OK, HttpStatusCode.Conflict]), $"Got {string.Join(", ", codes)}: {string.Join(" | ", texts)}");
        var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", loser.Content.Headers.ContentType?.MediaType);

        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).ReadJsonAsync();
        var raised = Assert.Single(winner.GetProperty("findings").EnumerateArray()).GetString();
        var office = await _app.SignInAsync("safety1");
        var stored = (await office.GetJsonAsync("/api/findings?limit=1000")).EnumerateArray()
            .Where(f => f.GetProperty("inspectionId").GetString() == checklist.Id)
            .Select(f => f.GetProperty("id").GetString())
            .ToList();
        Assert.Equal([raised], stored);

        var inspection = await phone.GetJsonAsync($"/api/inspections/{checklist.Id}");
        Assert.Equal("submitted", inspection.GetProperty("status").GetString());
        var answers = inspection.GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("asset").GetString(), r.GetProperty("itemId").GetString())).ToList();
        Assert.Equal(answers.Distinct().Count(), answers.Count);
    }
}
