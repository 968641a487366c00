using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.Web.Features.Delivery;

/// <summary>What one drain did.</summary>
public sealed record DrainResult(int Planned, int Sent, int Retrying, int Failed);

/// <summary>
/// Drains the outbox: turns each unprocessed outbox row into deliveries (one per channel and target, in one transaction
/// with marking the row processed), then sends every delivery that is due. Drains on several nodes share the work: each
/// claims a batch of outbox rows, then of due deliveries, that nobody holds (<see cref="WorkClaims"/>), so two drains at
/// once plan and send different ones. Safe after a restart and when a claim ran out under a slow drain: deliveries are
/// unique by idempotency key, and a delivery is claimed for its attempt (its claim token changed under a concurrency
/// check) before it is sent, so only one sender sends it. A sender that dies after the server accepted a message but
/// before it recorded that leaves the delivery to be sent again once its claim runs out: delivery is at-least-once in
/// that window, and the idempotency key travels with every message so receivers can drop the repeat.
/// </summary>
public sealed class OutboxDrain(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    WorkClaims claims,
    IOptions<DeliveryOptions> options,
    IOptions<EmailOptions> email,
    IOptions<WebhookOptions> webhooks,
    ILogger<OutboxDrain> logger)
{
    /// <summary>How often <see cref="RunAllDueAsync"/> looks again at work another drain holds.</summary>
    private static readonly TimeSpan HeldPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>Plans and sends what it can claim; outbox rows and deliveries another drain holds are left to it.</summary>
    public async Task<DrainResult> RunAsync(CancellationToken cancellationToken)
    {
        var planned = await PlanAsync(cancellationToken);
        var (sent, retrying, failed) = await SendDueAsync(cancellationToken);
        if (planned + sent + retrying + failed > 0)
        {
            logger.LogInformation("Outbox drained: {Planned} deliveries planned, {Sent} sent, {Retrying} to retry, {Failed} failed", planned, sent, retrying, failed);
        }

        return new DrainResult(planned, sent, retrying, failed);
    }

    /// <summary>
    /// Plans and sends everything due now, what other drains hold included: while another drain holds unplanned outbox
    /// rows or due deliveries, waits until it is done with them or its claims have run out
    /// (<c>SafetyFlow:Jobs:ClaimTimeout</c>) and this drain takes them over. The clock route answers after this.
    /// </summary>
    public async Task<DrainResult> RunAllDueAsync(CancellationToken cancellationToken)
    {
        var total = await RunAsync(cancellationToken);
        while (await HeldElsewhereAsync(cancellationToken))
        {
            await Task.Delay(HeldPoll, cancellationToken);
            var more = await RunAsync(cancellationToken);
            total = new DrainResult(total.Planned + more.Planned, total.Sent + more.Sent, total.Retrying + more.Retrying, total.Failed + more.Failed);
        }

        return total;
    }

    /// <summary>Sends one due delivery now, outside the schedule (an admin's resend).</summary>
    public Task<DeliveryStatus?> AttemptNowAsync(Guid deliveryId, CancellationToken cancellationToken) =>
        AttemptAsync(deliveryId, clock.GetUtcNow(), cancellationToken);

    private async Task<int> PlanAsync(CancellationToken cancellationToken)
    {
        var holder = Guid.NewGuid();
        var planned = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
            var now = clock.GetUtcNow();
            var claimed = await claims.ClaimAsync(db, WorkQueues.Outbox, Unplanned(db, WorkClaims.Now).Take(options.Value.BatchSize), holder, cancellationToken);
            if (claimed.Count == 0)
            {
                break;
            }

            try
            {
                if (!HasChannel)
                {
                    // Nothing to plan per row: the whole batch is marked planned in one statement.
                    await ClaimedUnplanned(db, claimed)
                        .ExecuteUpdateAsync(row => row.SetProperty(m => m.ProcessedAt, now).SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
                    continue;
                }

                var batch = await ClaimedUnplanned(db, claimed)
                    .OrderBy(m => m.CreatedAt)
                    .ThenBy(m => m.Id)
                    .ToListAsync(cancellationToken);
                var deliveries = await DeliveriesForAsync(db, batch, now, cancellationToken);
                var keys = deliveries.Select(d => d.IdempotencyKey).ToList();
                var existing = keys.Count == 0
                    ? []
                    : (await db.Deliveries.Where(d => keys.Contains(d.IdempotencyKey)).Select(d => d.IdempotencyKey).ToListAsync(cancellationToken)).ToHashSet();
                var added = deliveries.Where(d => !existing.Contains(d.IdempotencyKey)).ToList();
                db.Deliveries.AddRange(added);
                foreach (var message in batch)
                {
                    message.ProcessedAt = now;
                    message.Attempts++;
                }

                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    planned += added.Count;
                }
                catch (DbUpdateException e)
                {
                    // A drain whose claim on these rows ran out planned them at the same time; the unique key refused the copies.
                    logger.LogDebug(e, "Outbox rows were planned by another drain");
                    break;
                }
            }
            finally
            {
                await claims.ReleaseAsync(db, WorkQueues.Outbox, holder, logger);
            }
        }

        return planned;
    }

    /// <summary>
    /// Whether any message leaves the app (email, webhooks). Without one, an outbox row is planned by marking it
    /// processed, without reading who it is for; its notification is already in the recipient's inbox.
    /// </summary>
    private bool HasChannel => email.Value.Enabled || webhooks.Value.Webhooks.Count > 0;

    /// <summary>The rows of <paramref name="claimed"/> still unplanned: a drain whose claim on them ran out may have planned some.</summary>
    private static IQueryable<OutboxMessage> ClaimedUnplanned(SafetyFlowDbContext db, List<Guid> claimed) =>
        db.Outbox.Where(m => claimed.Contains(m.Id) && m.ProcessedAt == null);

    /// <summary>The ids of outbox rows not yet planned that no drain holds at <paramref name="claimedAt"/> (real time), oldest first.</summary>
    internal static IQueryable<Guid> Unplanned(SafetyFlowDbContext db, DateTimeOffset claimedAt)
    {
        var held = WorkClaims.Live(db, WorkQueues.Outbox, claimedAt);
        return db.Outbox
            .Where(m => m.ProcessedAt == null && !held.Any(c => c.ItemId == m.Id))
            .OrderBy(m => m.CreatedAt)
            .ThenBy(m => m.Id)
            .Select(m => m.Id);
    }

    /// <summary>The ids of deliveries whose attempt is due at <paramref name="now"/> that no drain holds at <paramref name="claimedAt"/> (real time).</summary>
    private static IQueryable<Guid> DueDeliveries(SafetyFlowDbContext db, DateTimeOffset now, DateTimeOffset claimedAt)
    {
        var held = WorkClaims.Live(db, WorkQueues.Delivery, claimedAt);
        return db.Deliveries
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && !held.Any(c => c.ItemId == d.Id))
            .OrderBy(d => d.NextAttemptAt)
            .ThenBy(d => d.Id)
            .Select(d => d.Id);
    }

    private async Task<bool> HeldElsewhereAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var claimedAt = WorkClaims.Now;
        var heldRows = WorkClaims.Live(db, WorkQueues.Outbox, claimedAt);
        var heldDeliveries = WorkClaims.Live(db, WorkQueues.Delivery, claimedAt);
        var now = clock.GetUtcNow();
        return await db.Outbox.AnyAsync(m => m.ProcessedAt == null && heldRows.Any(c => c.ItemId == m.Id), cancellationToken)
            || await db.Deliveries.AnyAsync(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && heldDeliveries.Any(c => c.ItemId == d.Id), cancellationToken);
    }

    /// <summary>One email per recipient who wants one; one webhook post per event and webhook (not per recipient).</summary>
    private async Task<List<Domain.Delivery>> DeliveriesForAsync(SafetyFlowDbContext db, List<OutboxMessage> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hooks = webhooks.Value.Webhooks;
        var notificationIds = batch.Select(m => m.NotificationId).ToList();
        var notifications = await db.Notifications.AsNoTracking()
            .Where(n => notificationIds.Contains(n.Id))
            .Select(n => new { n.Id, n.Kind, n.FindingId, n.At, n.RecipientId })
            .ToDictionaryAsync(n => n.Id, cancellationToken);
        var recipientIds = notifications.Values.Select(n => n.RecipientId).Distinct().ToList();
        var people = await db.Users.AsNoTracking()
            .Where(u => recipientIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Email, u.NotifyByEmail, u.NotifyWebhook, u.Language })
            .ToDictionaryAsync(u => u.Id, cancellationToken);
        var byUnit = hooks.Any(h => h.Units.Count > 0);
        var findingUnits = byUnit ? await FindingUnitsAsync(db, notifications.Values.Select(n => n.FindingId), cancellationToken) : [];
        var tree = byUnit ? await UnitTree.LoadAsync(db, cancellationToken) : null;
        var hookUnits = hooks.Select(h => tree?.AndBelow(h.Units) ?? []).ToList();

        var result = new List<Domain.Delivery>();
        var posts = new Dictionary<string, (Domain.Delivery Delivery, bool InHookLanguage)>();
        foreach (var message in batch)
        {
            if (!notifications.TryGetValue(message.NotificationId, out var notification) || !people.TryGetValue(notification.RecipientId, out var person))
            {
                continue;
            }

            if (email.Value.Enabled && person.NotifyByEmail && !string.IsNullOrWhiteSpace(person.Email))
            {
                var address = person.Email.Trim();
                result.Add(Domain.Delivery.For(message, notification.Id, DeliveryChannel.Email, address, $"{notification.Id}:email:{address.ToLowerInvariant()}", now));
            }

            // Notifications written together about one finding (same kind, same instant) are one event for a group.
            var eventKey = notification.FindingId is { } findingId ? $"{findingId}:{notification.Kind}:{notification.At.UtcTicks}" : notification.Id.ToString();
            for (var h = 0; h < hooks.Count; h++)
            {
                var hook = hooks[h];
                var wantsKind = hook.Events.Count == 0 || hook.Events.Contains(notification.Kind);
                var personal = string.Equals(person.NotifyWebhook, hook.Name, StringComparison.OrdinalIgnoreCase);
                var unitMatches = hook.Units.Count == 0
                    || (notification.FindingId is { } id && findingUnits.TryGetValue(id, out var unit) && hookUnits[h].Contains(unit));
                if (!wantsKind || !(personal || unitMatches))
                {
                    continue;
                }

                var key = $"{eventKey}:webhook:{hook.Name}";
                var inHookLanguage = Runtime.NotificationTexts.IsChinese(person.Language) == Runtime.NotificationTexts.IsChinese(hook.Language);
                if (!posts.TryGetValue(key, out var chosen) || (!chosen.InHookLanguage && inHookLanguage))
                {
                    posts[key] = (Domain.Delivery.For(message, notification.Id, DeliveryChannel.Webhook, hook.Name, key, now), inHookLanguage);
                }
            }
        }

        result.AddRange(posts.Values.Select(p => p.Delivery));
        return result;
    }

    /// <summary>For each finding, the unit its zone is in now: a webhook for a unit gets the findings of that unit and every unit below it.</summary>
    private static async Task<Dictionary<Guid, Guid>> FindingUnitsAsync(SafetyFlowDbContext db, IEnumerable<Guid?> findingIds, CancellationToken cancellationToken)
    {
        var ids = findingIds.OfType<Guid>().Distinct().ToList();
        return await db.Findings.Where(f => ids.Contains(f.Id)).WithUnits().ToDictionaryAsync(f => f.FindingId, f => f.UnitId, cancellationToken);
    }

    private async Task<(int Sent, int Retrying, int Failed)> SendDueAsync(CancellationToken cancellationToken)
    {
        var holder = Guid.NewGuid();
        int sent = 0, retrying = 0, failed = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            List<Guid> due;
            using (var scope = scopes.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
                var claimed = await claims.ClaimAsync(db, WorkQueues.Delivery, DueDeliveries(db, now, WorkClaims.Now).Take(options.Value.BatchSize), holder, cancellationToken);
                due = await db.Deliveries
                    .Where(d => claimed.Contains(d.Id))
                    .OrderBy(d => d.NextAttemptAt)
                    .ThenBy(d => d.Id)
                    .Select(d => d.Id)
                    .ToListAsync(cancellationToken);
            }

            if (due.Count == 0)
            {
                break;
            }

            var attempted = 0;
            try
            {
                foreach (var id in due)
                {
                    switch (await AttemptAsync(id, now, cancellationToken))
                    {
                        case DeliveryStatus.Sent:
                            sent++;
                            attempted++;
                            break;
                        case DeliveryStatus.Failed:
                            failed++;
                            attempted++;
                            break;
                        case DeliveryStatus.Pending:
                            retrying++;
                            attempted++;
                            break;
                    }
                }
            }
            finally
            {
                using var scope = scopes.CreateScope();
                await claims.ReleaseAsync(scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>(), WorkQueues.Delivery, holder, logger);
            }

            // Nothing attempted: what was claimed had been sent meanwhile by a drain whose claim ran out.
            if (attempted == 0)
            {
                break;
            }
        }

        return (sent, retrying, failed);
    }

    /// <summary>Claims, sends and records one delivery; null when another sender has it or it is no longer due.</summary>
    private async Task<DeliveryStatus?> AttemptAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SafetyFlowDbContext>();
        var delivery = await db.Deliveries.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (delivery is null || !delivery.IsDueAt(now))
        {
            return null;
        }

        var settings = options.Value;
        delivery.Claim(now, settings.Timeout * 2);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }

        var error = await SendAsync(scope.ServiceProvider, delivery, cancellationToken);
        var after = clock.GetUtcNow();
        if (error is null)
        {
            delivery.MarkSent(after);
        }
        else
        {
            delivery.MarkAttemptFailed(error, after, settings.RetryDelayAfter(delivery.Attempts));
            logger.LogWarning("Delivery {DeliveryId} to {Target} failed (attempt {Attempt}): {Error}", delivery.Id, delivery.Target, delivery.Attempts, error);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogWarning("Delivery {DeliveryId} was claimed again before its outcome was recorded", delivery.Id);
        }

        return delivery.Status;
    }

    /// <summary>Sends one delivery; the error text when it did not go through.</summary>
    private async Task<string?> SendAsync(IServiceProvider services, Domain.Delivery delivery, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        var composer = services.GetRequiredService<DeliveryComposer>();
        try
        {
            if (delivery.Channel == DeliveryChannel.Email)
            {
                var message = await composer.ComposeAsync(delivery, language: null, timeout.Token);
                await services.GetRequiredService<EmailChannel>().SendAsync(delivery.Target, message, timeout.Token);
            }
            else
            {
                var hook = webhooks.Value.Find(delivery.Target)
                    ?? throw new DeliveryFailedException($"No webhook named '{delivery.Target}' is configured any more.");
                var message = await composer.ComposeAsync(delivery, hook.Language, timeout.Token);
                await services.GetRequiredService<WebhookChannel>().SendAsync(hook, message, timeout.Token);
            }

            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"No answer within {options.Value.Timeout}.";
        }
#pragma warning disable CA1031 // Whatever the server or network did, the attempt is recorded and retried rather than lost.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }
}
