using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SafetyFlow.IntegrationTests.Support;

namespace SafetyFlow.IntegrationTests;

/// <summary>
/// A submit sent again with the same <c>Idempotency-Key</c> (a phone retrying after a dropped answer, an offline queue
/// sending twice) gets the first answer and stores nothing new; the key cannot be used for another submission.
/// </summary>
public sealed class SubmitIdempotencyTests
{
    private const string Member = "member-canteen";

    [Fact]
    public async Task A_repeat_with_the_same_key_gets_the_first_answer_and_the_findings_are_stored_once()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        var phone = await app.SignInAsync(Member);
        var checklist = await Checklist.OpenAsync(phone, "weekly-extinguisher-check", "z-canteen-kitchen");
        var body = checklist.Fail(checklist.Assets[0], checklist.ItemOf("check", "general")).Body();

        var first = await SubmitAsync(phone, checklist.Id, body, "queue-0001");
        var repeat = await SubmitAsync(phone, checklist.Id, body, "queue-0001");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, repeat.Status);
        Assert.Equal(first.Text, repeat.Text);
        var raised = Assert.Single(JsonDocument.Parse(first.Text).RootElement.GetProperty("findings").EnumerateArray()).GetString();
        Assert.Equal([raised], await FindingsOfAsync(app, checklist.Id));

        // Without the key the same body is a second submit, refused as before.
        var unkeyed = await SubmitAsync(phone, checklist.Id, body, key: null);
        Assert.Equal(HttpStatusCode.Conflict, unkeyed.Status);
        Assert.Equal([raised], await FindingsOfAsync(app, checklist.Id));
    }

    [Fact]
    public async Task The_same_key_with_other_answers_is_refused_with_422_and_stores_nothing()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        var phone = await app.SignInAsync(Member);
        var checklist = await Checklist.OpenAsync(phone, "weekly-extinguisher-check", "z-canteen-kitchen");
        var item = checklist.ItemOf("check", "general");
        var first = await SubmitAsync(phone, checklist.Id, checklist.Fail(checklist.Assets[0], item).Body(), "queue-0002");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var raised = await FindingsOfAsync(app, checklist.Id);

        var other = await SubmitAsync(phone, checklist.Id, checklist.Fail(checklist.Assets[0], item, "another note").Body(), "queue-0002");

        Assert.Equal((HttpStatusCode)422, other.Status);
        Assert.Equal("application/problem+json", other.MediaType);
        Assert.Contains("Idempotency-Key", other.Text, StringComparison.Ordinal);
        Assert.Equal(raised, await FindingsOfAsync(app, checklist.Id));
    }

    [Fact]
    public async Task A_key_longer_than_100_characters_is_refused_with_400_naming_the_header_and_one_of_100_is_taken()
    {
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase());
        var phone = await app.SignInAsync(Member);
        var checklist = await Checklist.OpenAsync(phone, "weekly-extinguisher-check", "z-canteen-kitchen");
        var body = checklist.Fail(checklist.Assets[0], checklist.ItemOf("check", "general")).Body();

        var tooLong = await SubmitAsync(phone, checklist.Id, body, new string('k', 101));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Equal("application/problem+json", tooLong.MediaType);
        Assert.Contains("Idempotency-Key", JsonDocument.Parse(tooLong.Text).RootElement.Errors().Keys);
        Assert.Empty(await FindingsOfAsync(app, checklist.Id));
        Assert.Equal("due", (await phone.GetJsonAsync($"/api/inspections/{checklist.Id}")).GetProperty("status").GetString());

        var longest = await SubmitAsync(phone, checklist.Id, body, new string('k', 100));
        Assert.Equal(HttpStatusCode.OK, longest.Status);
        Assert.Single(await FindingsOfAsync(app, checklist.Id));
    }

    [Fact]
    public async Task Two_submits_with_the_same_key_at_once_store_one_submission_and_both_get_its_answer()
    {
        var gate = new SubmitReadGate();
        await using var app = new SafetyFlowApp(SafetyFlowApp.NewDatabase(), services: gate.AddTo);
        var phone = await app.SignInAsync(Member);
        var tablet = await app.SignInAsync(Member);
        var checklist = await Checklist.OpenAsync(phone, "weekly-extinguisher-check", "z-canteen-kitchen");
        var body = checklist.Fail(checklist.Assets[0], checklist.ItemOf("check", "general")).Body();

        var answers = await Task.WhenAll(
            SubmitAsync(phone, checklist.Id, body, "queue-0003"),
            SubmitAsync(tablet, checklist.Id, body, "queue-0003"));

        // Both read the inspection as not yet submitted before either stored anything.
        Assert.Equal(2, gate.Contenders);
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, $"Got {(int)a.Status}: {a.Text}"));
        Assert.Equal(answers[0].Text, answers[1].Text);
        var raised = Assert.Single(JsonDocument.Parse(answers[0].Text).RootElement.GetProperty("findings").EnumerateArray()).GetString();
        Assert.Equal([raised], await FindingsOfAsync(app, checklist.Id));
        var inspection = await phone.GetJsonAsync($"/api/inspections/{checklist.Id}");
        var stored = inspection.GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("asset").GetString(), r.GetProperty("itemId").GetString())).ToList();
        Assert.Equal(stored.Distinct().Count(), stored.Count);
    }

    private sealed record Answer(HttpStatusCode Status, string? MediaType, string Text);

    private static async Task<Answer> SubmitAsync(HttpClient client, string inspectionId, object body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/inspections/{inspectionId}/submit") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await client.SendAsync(request);
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The findings raised from the inspection, as the safety office lists them.</summary>
    private static async Task<List<string?>> FindingsOfAsync(SafetyFlowApp app, string inspectionId)
    {
        var office = await app.SignInAsync("safety1");
        return [.. (await office.GetJsonAsync("/api/findings?limit=1000")).EnumerateArray()
            .Where(f => f.GetProperty("inspectionId").GetString() == inspectionId)
            .Select(f => f.GetProperty("id").GetString())];
    }
}
