using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.Web.Data;

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> unit)
    {
        unit.HasIndex(u => u.Key).IsUnique();
        unit.Property(u => u.Key).HasMaxLength(64);
        unit.Property(u => u.Name).HasMaxLength(200);
        unit.HasOne(u => u.Parent).WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ZoneConfiguration : IEntityTypeConfiguration<Zone>
{
    public void Configure(EntityTypeBuilder<Zone> zone)
    {
        zone.HasIndex(z => z.Key).IsUnique();
        zone.Property(z => z.Key).HasMaxLength(64);
        zone.Property(z => z.Name).HasMaxLength(200);
        zone.HasOne(z => z.Unit).WithMany().HasForeignKey(z => z.UnitId).OnDelete(DeleteBehavior.Restrict);
        zone.HasOne(z => z.Member).WithMany().HasForeignKey(z => z.MemberId).OnDelete(DeleteBehavior.Restrict);
        zone.HasOne(z => z.Owner).WithMany().HasForeignKey(z => z.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AssetConfiguration : IEntityTypeConfiguration<Asset>
{
    public void Configure(EntityTypeBuilder<Asset> asset)
    {
        asset.HasIndex(a => a.Key).IsUnique();
        asset.HasIndex(a => new { a.ZoneId, a.Type });
        asset.Property(a => a.Key).HasMaxLength(64);
        asset.Property(a => a.Name).HasMaxLength(200);
        asset.Property(a => a.Type).HasMaxLength(32);
        asset.HasOne(a => a.Zone).WithMany().HasForeignKey(a => a.ZoneId).OnDelete(DeleteBehavior.Restrict);
        asset.HasOne(a => a.Owner).WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
        asset.Property(a => a.Attributes)
            .HasConversion(JsonColumn.DictionaryConverter, JsonColumn.DictionaryComparer)
            .HasMaxLength(4000);
    }
}

internal sealed class InspectionConfiguration : IEntityTypeConfiguration<Inspection>
{
    public void Configure(EntityTypeBuilder<Inspection> inspection)
    {
        // One inspection per zone, workflow and ISO week: the round is idempotent by this key.
        inspection.HasIndex(i => new { i.ZoneId, i.WorkflowId, i.Week }).IsUnique();
        inspection.HasIndex(i => i.Week);

        // The zone ratings count a month's inspections of every zone through their deadlines.
        inspection.HasIndex(i => i.DueAt);

        // A resumed trail check reads the inspections created or submitted since its checkpoint, each through its index.
        inspection.HasIndex(i => i.CreatedAt);
        inspection.HasIndex(i => i.SubmittedAt);
        inspection.Property(i => i.WorkflowId).HasMaxLength(64);
        inspection.Property(i => i.WorkflowHash).HasMaxLength(64);
        inspection.Property(i => i.Week).HasMaxLength(8);
        inspection.Property(i => i.Version).IsConcurrencyToken();
        inspection.Property(i => i.Seal).HasMaxLength(64);
        inspection.Property(i => i.Timing).HasConversion<string>().HasMaxLength(16);
        inspection.HasOne(i => i.Zone).WithMany().HasForeignKey(i => i.ZoneId).OnDelete(DeleteBehavior.Restrict);
        inspection.HasMany(i => i.Targets).WithOne().HasForeignKey(t => t.InspectionId);
        inspection.HasMany(i => i.Results).WithOne().HasForeignKey(r => r.InspectionId);
        inspection.Navigation(i => i.Targets).UsePropertyAccessMode(PropertyAccessMode.Field);
        inspection.Navigation(i => i.Results).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class InspectionTargetConfiguration : IEntityTypeConfiguration<InspectionTarget>
{
    public void Configure(EntityTypeBuilder<InspectionTarget> target)
    {
        target.HasKey(t => new { t.InspectionId, t.AssetId });
        target.HasOne(t => t.Asset).WithMany().HasForeignKey(t => t.AssetId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InspectionResultConfiguration : IEntityTypeConfiguration<InspectionResult>
{
    public void Configure(EntityTypeBuilder<InspectionResult> result)
    {
        result.HasIndex(r => new { r.InspectionId, r.AssetId, r.ItemId }).IsUnique();
        result.Property(r => r.ItemId).HasMaxLength(64);
        result.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(16);
        result.Property(r => r.Note).HasMaxLength(2000);
        result.Property(r => r.Value).HasPrecision(18, 4);
    }
}

internal sealed class FindingConfiguration : IEntityTypeConfiguration<Finding>
{
    public void Configure(EntityTypeBuilder<Finding> finding)
    {
        finding.Property(f => f.Version).IsConcurrencyToken();
        finding.Property(f => f.State).HasMaxLength(32);
        finding.Property(f => f.Severity).HasConversion<string>().HasMaxLength(16);
        finding.Property(f => f.WorkflowId).HasMaxLength(64);
        finding.Property(f => f.ItemId).HasMaxLength(64);
        finding.Property(f => f.Category).HasMaxLength(32);
        finding.Property(f => f.LifecycleHash).HasMaxLength(64);
        finding.Property(f => f.Note).HasMaxLength(2000);
        finding.Property(f => f.FixNote).HasMaxLength(2000);
        finding.Property(f => f.Value).HasPrecision(18, 4);
        finding.Property(f => f.TrailHead).HasMaxLength(64);
        finding.Property(f => f.Seal).HasMaxLength(64);

        // The escalation sweep reads only rows whose next step is due.
        finding.HasIndex(f => f.NextStepAt);
        finding.HasIndex(f => f.OwnerId);
        finding.HasIndex(f => new { f.ZoneId, f.RaisedAt });
        finding.HasIndex(f => f.RaisedAt);

        // The reports: the closure figures of a period read every column they count from one index, in RaisedAt order;
        // the dashboard's open and overdue counts and the monthly report's longest overdue seek ClosedAt null, then DueAt,
        // and the monthly report counts those raised by the month's end from the same index.
        finding.HasIndex(f => new { f.RaisedAt, f.ZoneId, f.DueAt, f.ClosedAt, f.Rejections, f.ExtensionRequests })
            .HasDatabaseName("IX_Findings_ClosureFigures");
        finding.HasIndex(f => new { f.ClosedAt, f.DueAt, f.RaisedAt }).HasDatabaseName("IX_Findings_ClosedAt_DueAt");

        // The review queues count and list the open findings in the states a decision is asked in: a seek on ClosedAt
        // null and the state, then the zones a supervisor sees, never a walk through every open finding.
        finding.HasIndex(f => new { f.ClosedAt, f.State, f.ZoneId, f.DueAt }).HasDatabaseName("IX_Findings_ClosedAt_State_ZoneId");

        // Extension requests wait in a state every open finding may be in (a few dozen among a whole group's tens of
        // thousands open): the index holds only the open findings with a request pending, so the queue of the whole
        // group (the leadership's) counts and lists them without reading every open finding.
        finding.HasIndex(f => new { f.ClosedAt, f.State, f.DueAt, f.Id })
            .HasFilter("\"ClosedAt\" IS NULL AND \"PendingExtension_RequestedAt\" IS NOT NULL")
            .HasDatabaseName("IX_Findings_PendingExtensions");

        // The finding list of the whole group, due first (its default order) or last: a page read in due order, not a
        // million findings sorted for fifty of them.
        finding.HasIndex(f => new { f.DueAt, f.Id });
        finding.HasOne<Finding>().WithMany().HasForeignKey(f => f.RepeatOfId).OnDelete(DeleteBehavior.Restrict);
        finding.Ignore(f => f.IsRepeat);
        finding.Ignore(f => f.Events);

        finding.HasOne(f => f.Zone).WithMany().HasForeignKey(f => f.ZoneId).OnDelete(DeleteBehavior.Restrict);
        finding.HasOne(f => f.Asset).WithMany().HasForeignKey(f => f.AssetId).OnDelete(DeleteBehavior.Restrict);
        finding.HasOne(f => f.Owner).WithMany().HasForeignKey(f => f.OwnerId).OnDelete(DeleteBehavior.Restrict);
        finding.HasOne(f => f.RaisedBy).WithMany().HasForeignKey(f => f.RaisedById).OnDelete(DeleteBehavior.Restrict);
        finding.HasOne<Inspection>().WithMany().HasForeignKey(f => f.InspectionId).OnDelete(DeleteBehavior.Restrict);
        finding.HasOne<Unit>().WithMany().HasForeignKey(f => f.UnitId).OnDelete(DeleteBehavior.Restrict);

        finding.OwnsOne(f => f.FiveFixes, plan =>
        {
            plan.Property(p => p.Measures).HasMaxLength(2000);
            plan.Property(p => p.Funds).HasMaxLength(200);
            plan.Property(p => p.ResponsiblePerson).HasMaxLength(100);
            plan.Property(p => p.ContingencyPlan).HasMaxLength(2000);
        });
        finding.OwnsOne(f => f.PendingExtension, extension => extension.Property(e => e.Reason).HasMaxLength(2000));

        finding.HasMany(f => f.History).WithOne().HasForeignKey(t => t.FindingId);
        finding.Navigation(f => f.History).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class FindingTransitionConfiguration : IEntityTypeConfiguration<FindingTransition>
{
    public void Configure(EntityTypeBuilder<FindingTransition> transition)
    {
        transition.HasIndex(t => new { t.FindingId, t.Id });
        transition.Property(t => t.ActorName).HasMaxLength(256);
        transition.Property(t => t.Action).HasMaxLength(32);
        transition.Property(t => t.From).HasMaxLength(32);
        transition.Property(t => t.To).HasMaxLength(32);
        transition.Property(t => t.Note).HasMaxLength(2000);
        transition.Property(t => t.FindingDigest).HasMaxLength(64);
        transition.Property(t => t.PreviousHash).HasMaxLength(64);
        transition.Property(t => t.Hash).HasMaxLength(64);
        transition.Property(t => t.Seal).HasMaxLength(64);

        // Verification looks up the record a finding's first record follows.
        transition.HasIndex(t => t.Hash);

        // Sealing a new finding reads the latest first record, which its first record follows.
        transition.HasIndex(t => new { t.From, t.Id });

        // Zone ratings count a month's rejections; only those rows are indexed.
        transition.HasIndex(t => t.At).HasFilter("\"Action\" = 'reject'").HasDatabaseName("IX_FindingTransitions_Rejections");
    }
}

internal sealed class TrailCheckpointConfiguration : IEntityTypeConfiguration<TrailCheckpoint>
{
    public void Configure(EntityTypeBuilder<TrailCheckpoint> checkpoint)
    {
        checkpoint.HasKey(c => c.Sequence);
        checkpoint.Property(c => c.Sequence).ValueGeneratedNever();
        checkpoint.Property(c => c.Hash).HasMaxLength(64);
        checkpoint.Property(c => c.Signature).HasMaxLength(64);
        checkpoint.Property(c => c.VerifiedSeal).HasMaxLength(64);
    }
}

internal sealed class ZoneRatingConfiguration : IEntityTypeConfiguration<ZoneRating>
{
    public void Configure(EntityTypeBuilder<ZoneRating> rating)
    {
        // The monthly job may run twice: one rating per zone and month.
        rating.HasIndex(r => new { r.ZoneId, r.Month }).IsUnique();
        rating.Property(r => r.Month).HasMaxLength(7);
        rating.Property(r => r.Score).HasPrecision(9, 2);
        rating.Property(r => r.Components).HasMaxLength(4000);
        rating.Property(r => r.DefinitionHash).HasMaxLength(64);
        rating.HasOne<Zone>().WithMany().HasForeignKey(r => r.ZoneId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.HasIndex(n => new { n.RecipientId, n.At });

        // Every page counts the person's unread notifications: their own index, so a count never walks those read.
        notification.HasIndex(n => new { n.RecipientId, n.At }, "IX_Notifications_Unread").HasFilter("NOT \"Read\"");

        // Opening a finding marks read the person's notifications about it: by finding and person, not among all theirs.
        notification.HasIndex(n => new { n.FindingId, n.RecipientId });
        notification.Property(n => n.Kind).HasMaxLength(64);
        // Digests list findings, so a text may be longer than one finding's message.
        notification.Property(n => n.Text).HasMaxLength(16000);
        notification.HasOne<AppUser>().WithMany().HasForeignKey(n => n.RecipientId).OnDelete(DeleteBehavior.Cascade);
        notification.HasOne<Finding>().WithMany().HasForeignKey(n => n.FindingId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        // The drain claims the oldest unplanned rows: read in order from this index, without sorting what is left.
        message.HasIndex(m => new { m.ProcessedAt, m.CreatedAt, m.Id });
        message.HasOne<Notification>().WithMany().HasForeignKey(m => m.NotificationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> delivery)
    {
        // The key that makes a retry, a restart or a second node unable to send the same message twice.
        delivery.HasIndex(d => d.IdempotencyKey).IsUnique();
        delivery.Property(d => d.IdempotencyKey).HasMaxLength(300);
        delivery.Property(d => d.ClaimToken).IsConcurrencyToken();

        // The drain reads only pending rows whose attempt is due; the admin list filters by status.
        delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
        delivery.Property(d => d.Channel).HasConversion<string>().HasMaxLength(16);
        delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        delivery.Property(d => d.Target).HasMaxLength(256);
        delivery.Property(d => d.LastError).HasMaxLength(2000);
        delivery.HasOne<OutboxMessage>().WithMany().HasForeignKey(d => d.OutboxMessageId).OnDelete(DeleteBehavior.Cascade);
        delivery.HasOne<Notification>().WithMany().HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkClaimConfiguration : IEntityTypeConfiguration<WorkClaim>
{
    public void Configure(EntityTypeBuilder<WorkClaim> claim)
    {
        // One claim per item: a second run can only take it over once it has run out.
        claim.HasKey(c => new { c.Queue, c.ItemId });
        claim.Property(c => c.Queue).HasMaxLength(16);

        // A run lets go of its claims by holder.
        claim.HasIndex(c => c.Holder);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        // One first answer per caller and key: of two requests with the same key at once, only one can store.
        record.HasKey(r => new { r.CallerId, r.Key });
        record.Property(r => r.Key).HasMaxLength(IdempotencyRecord.MaxKeyLength);
        record.Property(r => r.RequestHash).HasMaxLength(64);

        // Old keys are forgotten by age.
        record.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class StoredWorkflowDefinitionConfiguration : IEntityTypeConfiguration<StoredWorkflowDefinition>
{
    public void Configure(EntityTypeBuilder<StoredWorkflowDefinition> definition)
    {
        definition.HasKey(d => d.ContentHash);
        definition.HasIndex(d => new { d.WorkflowId, d.Version }).IsUnique();
        definition.Property(d => d.ContentHash).HasMaxLength(64);
        definition.Property(d => d.WorkflowId).HasMaxLength(64);
        definition.Property(d => d.Kind).HasMaxLength(16);
        definition.Property(d => d.FileName).HasMaxLength(260);
    }
}

internal sealed class SystemSettingConfiguration : IEntityTypeConfiguration<SystemSetting>
{
    public void Configure(EntityTypeBuilder<SystemSetting> setting)
    {
        setting.HasKey(s => s.Key);
        setting.Property(s => s.Key).HasMaxLength(64);
    }
}

internal sealed class PhotoContentConfiguration : IEntityTypeConfiguration<PhotoContent>
{
    public void Configure(EntityTypeBuilder<PhotoContent> content) => content.HasKey(c => c.PhotoId);
}

internal sealed class PhotoConfiguration : IEntityTypeConfiguration<Photo>
{
    public void Configure(EntityTypeBuilder<Photo> photo)
    {
        photo.Property(p => p.Purpose).HasConversion<string>().HasMaxLength(16);
        photo.Property(p => p.ItemId).HasMaxLength(64);
        photo.Property(p => p.ContentType).HasMaxLength(64);
        photo.Property(p => p.FilePath).HasMaxLength(260);
        photo.Property(p => p.ThumbnailPath).HasMaxLength(260);
        photo.HasIndex(p => new { p.InspectionId, p.AssetId, p.ItemId });
        photo.HasIndex(p => new { p.FindingId, p.FixNumber });
        photo.HasOne<Inspection>().WithMany().HasForeignKey(p => p.InspectionId).OnDelete(DeleteBehavior.Restrict);
        photo.HasOne<Finding>().WithMany().HasForeignKey(p => p.FindingId).OnDelete(DeleteBehavior.Restrict);
        photo.HasOne(p => p.Content).WithOne().HasForeignKey<PhotoContent>(c => c.PhotoId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EscalationFailureConfiguration : IEntityTypeConfiguration<EscalationFailure>
{
    public void Configure(EntityTypeBuilder<EscalationFailure> failure)
    {
        failure.HasKey(f => f.FindingId);
        failure.HasOne<Finding>().WithOne().HasForeignKey<EscalationFailure>(f => f.FindingId).OnDelete(DeleteBehavior.Cascade);
        failure.Property(f => f.Error).HasMaxLength(EscalationFailure.ErrorLength);
        failure.HasIndex(f => f.RetryAt);
    }
}

internal sealed class ZoneArrivalConfiguration : IEntityTypeConfiguration<ZoneArrival>
{
    public void Configure(EntityTypeBuilder<ZoneArrival> arrival)
    {
        // A submission looks for its member's arrival at the zone shortly before it.
        arrival.HasIndex(a => new { a.ZoneId, a.PersonId, a.At });
        arrival.HasOne<Zone>().WithMany().HasForeignKey(a => a.ZoneId).OnDelete(DeleteBehavior.Cascade);
        arrival.HasOne<AppUser>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
