using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Inspections;

/// <summary>
/// The <c>Idempotency-Key</c> of a submit: the first answer to a key is stored with the submission it answers, in the
/// same transaction, and a repeat with the same key from the same caller gets that answer again. The same key with
/// another inspection or other answers is refused (422). Only a stored submission keeps its key: a refusal stores
/// nothing, so a repeat of it is judged again.
/// </summary>
internal static class SubmissionKeys
{
    public const string Header = "Idempotency-Key";

    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>A key the contract does not allow (empty, or longer than 100 characters), as a 400 naming the header.</summary>
    public static Failure.Invalid? Refusal(string key) =>
        key.Length is 0 or > IdempotencyRecord.MaxKeyLength
            ? new Failure.Invalid(new Dictionary<string, string[]>
            {
                [Header] = [$"An {Header} is 1 to {IdempotencyRecord.MaxKeyLength} characters long."],
            }.AsReadOnly(), "The Idempotency-Key is not valid; nothing was stored.")
            : null;

    /// <summary>
    /// SHA-256 of the inspection and the answers as read, so that the same request hashes the same however its JSON was
    /// spaced; the phone's finishing time counts only when sent, so a request without one hashes as it always did.
    /// </summary>
    public static string RequestHash(InspectionSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var answers = submission.Answers;
        var bytes = answers.CompletedAt is { } completedAt
            ? JsonSerializer.SerializeToUtf8Bytes(new { submission.InspectionId, answers.Results, CompletedAt = completedAt }, Json)
            : JsonSerializer.SerializeToUtf8Bytes(new { submission.InspectionId, answers.Results }, Json);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>The first answer to this caller's key, a 422 when the key came with another request, or null for a new key.</summary>
    public static async Task<Result<SubmitInspectionResponse>?> FirstAnswerAsync(
        SafetyFlowDbContext db, Guid callerId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var first = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.CallerId == callerId && r.Key == key, cancellationToken);
        if (first is null)
        {
            return null;
        }

        if (first.RequestHash != requestHash)
        {
            return new Failure.Unprocessable(
                $"{Header} already used",
                $"This {Header} was sent at {first.CreatedAt:O} with another submission; send a new key with each submission.");
        }

        return JsonSerializer.Deserialize<SubmitInspectionResponse>(first.Response, Json)!;
    }

    /// <summary>The record of the first answer, to be saved with the submission.</summary>
    public static IdempotencyRecord Record(Guid callerId, string key, string requestHash, SubmitInspectionResponse response, DateTimeOffset now) => new()
    {
        CallerId = callerId,
        Key = key,
        RequestHash = requestHash,
        Status = StatusCodes.Status200OK,
        Response = JsonSerializer.Serialize(response, Json),
        CreatedAt = now,
    };

    /// <summary>Forgets keys older than <see cref="IdempotencyRecord.KeptFor"/>; how many.</summary>
    public static Task<int> ForgetOldAsync(SafetyFlowDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - IdempotencyRecord.KeptFor;
        return db.IdempotencyRecords.Where(r => r.CreatedAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
