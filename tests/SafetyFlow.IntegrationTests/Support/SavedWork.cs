using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.IntegrationTests.Support;

/// <summary>What a save of many findings' changes should have left behind, read the way a user's checks read it.</summary>
internal static class SavedWork
{
    /// <summary>How many of the findings got at least one notice of <paramref name="kind"/>.</summary>
    public static async Task<int> FindingsToldAsync(SafetyFlowDbContext db, IReadOnlyCollection<Guid> ids, string kind) =>
        await db.Notifications
            .Where(n => n.FindingId != null && ids.Contains(n.FindingId.Value) && n.Kind == kind)
            .Select(n => n.FindingId).Distinct().CountAsync();

    /// <summary>The safety office's full trail check (every record's hash and seal, every finding's and inspection's seal) holds.</summary>
    public static async Task AssertTrailHoldsAsync(SafetyFlowApp app)
    {
        var verify = await (await app.SignInAsync("safety1")).GetJsonAsync("/api/audit/verify?full=true");
        Assert.True(verify.GetProperty("ok").GetBoolean(), verify.ToString());
    }

    /// <summary>Every finding has its comment record and its owner's notice, and the full trail check holds.</summary>
    public static async Task AssertCommentedAsync(SafetyFlowApp app, IReadOnlyCollection<Guid> ids)
    {
        Assert.Equal(ids.Count, await ReadAsync(app, db => db.FindingTransitions.CountAsync(t => ids.Contains(t.FindingId) && t.Action == Finding.CommentAction)));
        Assert.Equal(ids.Count, await ReadAsync(app, db => FindingsToldAsync(db, ids, NotificationTexts.Commented)));
        await AssertTrailHoldsAsync(app);
    }

    /// <summary>Runs <paramref name="read"/> on a context of its own.</summary>
    public static async Task<T> ReadAsync<T>(SafetyFlowApp app, Func<SafetyFlowDbContext, Task<T>> read)
    {
        using var scope = app.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>());
    }
}
