using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Hangfire;
using SafetyFlow.Web.Features.Audit;
using SafetyFlow.Web.Jobs;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Pages.Admin;

/// <summary>
/// The trail check of <c>GET /api/audit/verify</c>, run when the page opens if it is quick (resumed from a checkpoint
/// found intact, or a short trail); otherwise the last full check's outcome and a full check run in the background on
/// request. Also a signed checkpoint to download, and the check against a checkpoint kept earlier, uploaded as its
/// file (<c>POST /api/audit/verify</c>).
/// </summary>
public sealed class AuditModel(VerifyTrail verify, TrailCheckpoints checkpoints, TrailCheckLog log, IRecurringJobManager jobs, TimeProvider clock) : PageModel
{
    /// <summary>How long a full check asked for is waited for before another may be asked for.</summary>
    internal static readonly TimeSpan FullCheckWait = TimeSpan.FromHours(1);

    public TrailVerification Result { get; private set; } = new(true, 0, null, null);

    /// <summary>Set instead of <see cref="Result"/> when the trail was too long to check from the start as the page opened.</summary>
    public DeferredCheck? Deferred { get; private set; }

    /// <summary>The checkpoint uploaded, when the trail was checked against one.</summary>
    public CheckpointView? Against { get; private set; }

    /// <summary>Why an uploaded file could not be read as a checkpoint (a page text key).</summary>
    public string? Message { get; private set; }

    /// <summary>The check's reasons, which it states in English, as page texts in both languages.</summary>
    private static readonly Dictionary<string, string> Reasons = new(StringComparer.Ordinal)
    {
        [TrailReasons.NoRecords] = "audit.reason.noRecords",
        [TrailReasons.FindingChanged] = "audit.reason.findingChanged",
        [TrailReasons.LatestRemoved] = "audit.reason.latestRemoved",
        [TrailReasons.FindingMissing] = "audit.reason.findingMissing",
        [TrailReasons.Content] = "audit.reason.hash",
        [TrailReasons.Seal] = "audit.reason.seal",
        [TrailReasons.FollowsRemoved] = "audit.reason.followsRemoved",
        [TrailReasons.Chain] = "audit.reason.chain",
        [TrailReasons.Answers] = "audit.reason.answers",
        [TrailReasons.StoredCheckpointUnsigned] = "audit.reason.storedCheckpoint",
        [TrailReasons.CheckpointUnsigned] = "audit.reason.checkpointUnsigned",
        [TrailReasons.CountDiffers] = "audit.reason.count",
        [TrailReasons.Rebuilt] = "audit.reason.rebuilt",
    };

    /// <summary>A text key for a known reason; an unknown one is shown as the check wrote it.</summary>
    public static string ReasonKey(string reason) => Reasons.GetValueOrDefault(reason, reason);

    public async Task OnGetAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var (quick, records) = await verify.QuickAsync(cancellationToken);
        if (quick)
        {
            Result = (await verify.HandleAsync(new VerifyTrailRequest(null), cancellationToken)).Value;
            return;
        }

        var last = await log.LastAsync(cancellationToken);
        Deferred = new DeferredCheck(records, last, await PendingAsync(last, cancellationToken));
    }

    /// <summary>
    /// Runs the daily job now (a new signed checkpoint and a full check, whose outcome the page then shows), unless one
    /// asked for in the last hour has not finished yet.
    /// </summary>
    public async Task<IActionResult> OnPostFullAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        if (await PendingAsync(await log.LastAsync(cancellationToken), cancellationToken) is null)
        {
            await log.RequestAsync(clock.GetUtcNow(), cancellationToken);
            jobs.Trigger(TrailCheckpointJob.Id);
        }

        return RedirectToPage();
    }

    /// <summary>
    /// When the full check asked for last was asked for, while it is still awaited: no full check has begun since, and
    /// it was asked for less than <see cref="FullCheckWait"/> ago (a check that never ran may be asked for again).
    /// </summary>
    private async Task<DateTimeOffset?> PendingAsync(FullCheckOutcome? last, CancellationToken cancellationToken) =>
        await log.RequestedAsync(cancellationToken) is { } at && at > (last?.StartedAt ?? DateTimeOffset.MinValue) && at > clock.GetUtcNow() - FullCheckWait
            ? at
            : null;

    /// <summary>Signs the trail's head as it is now, as a file to keep outside SafetyFlow.</summary>
    public async Task<IActionResult> OnGetCheckpointAsync()
    {
        var checkpoint = CheckpointView.Of(await checkpoints.CreateAsync(HttpContext.RequestAborted));
        return File(JsonSerializer.SerializeToUtf8Bytes(checkpoint, JsonSerializerOptions.Web), "application/json", $"trail-checkpoint-{checkpoint.Sequence}.json");
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? checkpoint)
    {
        var cancellationToken = HttpContext.RequestAborted;
        Against = await ReadAsync(checkpoint, cancellationToken);
        var result = await verify.HandleAsync(new VerifyTrailRequest(Against), cancellationToken);
        if (result.Failure is Failure.Invalid invalid)
        {
            invalid.AddTo(ModelState);
            Message = "audit.notCheckpoint";
            Against = null;
            result = await verify.HandleAsync(new VerifyTrailRequest(null), cancellationToken);
        }

        Result = result.Value;
        return Page();
    }

    private async Task<CheckpointView?> ReadAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is not { Length: > 0 and <= 64 * 1024 })
        {
            Message = "audit.notCheckpoint";
            return null;
        }

        try
        {
            await using var stream = file.OpenReadStream();
            var checkpoint = await JsonSerializer.DeserializeAsync<CheckpointView>(stream, JsonSerializerOptions.Web, cancellationToken);
            Message = checkpoint is null ? "audit.notCheckpoint" : null;
            return checkpoint;
        }
        catch (JsonException)
        {
            Message = "audit.notCheckpoint";
            return null;
        }
    }
}

/// <summary>
/// The audit page on a trail too long to check from the start as it opens: how many records it holds, the last full
/// check's outcome (null when none has run) and when a full check not finished yet was asked for.
/// </summary>
public sealed record DeferredCheck(long Records, FullCheckOutcome? Last, DateTimeOffset? Requested);
