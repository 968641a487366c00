using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Data;
using SafetyFlow.Web.Domain;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.UnitTests.Web.Domain;

/// <summary>What the trail's hashes and seals cover: every stored field of a finding, every answer of an inspection, and the key.</summary>
public sealed class AuditTrailTests
{
    private static readonly HashSet<string> SealFields = [nameof(Finding.TrailHead), nameof(Finding.Seal)];

    public static TheoryData<string> FindingColumns()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _, _) in StoredFields(typeof(Finding)))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FindingColumns))]
    public void Changing_any_stored_field_of_a_finding_changes_its_digest(string column)
    {
        var finding = FullFinding();
        var before = AuditTrail.Digest(finding);

        Change(finding, column);

        Assert.NotEqual(before, AuditTrail.Digest(finding));
    }

    [Fact]
    public void The_columns_covered_include_those_the_trail_once_missed()
    {
        var columns = StoredFields(typeof(Finding)).Select(f => f.Path).ToList();
        Assert.Superset(
            new HashSet<string>(["ClosedById", "FixedById", "FixNote", "Note", "Value", "ExtensionRequests", "UnitId", "Category", "NextStepAt", "NextStepIndex", "Version", "PendingExtension.DueAt"]),
            columns.ToHashSet());
    }

    [Fact]
    public void Stopping_the_timer_changes_the_digest()
    {
        var finding = FullFinding();
        var before = AuditTrail.Digest(finding);

        Set(finding, nameof(Finding.NextStepAt), null);

        Assert.NotEqual(before, AuditTrail.Digest(finding));
    }

    [Fact]
    public void Every_answer_field_and_every_answer_is_covered_by_the_inspection_digest()
    {
        var inspection = Inspection.Create("weekly-extinguisher-check", "hash", Guid.NewGuid(), "2026-W48",
            FindingBuilder.DefaultRaisedAt, FindingBuilder.DefaultRaisedAt.AddHours(2), FindingBuilder.DefaultRaisedAt.AddDays(4), FindingBuilder.DefaultRaisedAt, []);
        var asset = Guid.NewGuid();
        InspectionResult Answer(string item = "gauge-pressure", ItemOutcome outcome = ItemOutcome.Pass, decimal? value = 1.2m, string? note = "ok", Guid? on = null) =>
            new() { InspectionId = inspection.Id, AssetId = on ?? asset, ItemId = item, Outcome = outcome, Value = value, Note = note };
        var answers = new[] { Answer(), Answer(item: "pin-and-seal") };
        var digest = AuditTrail.Digest(inspection, answers);

        Assert.Equal(digest, AuditTrail.Digest(inspection, answers.Reverse()));
        Assert.NotEqual(digest, AuditTrail.Digest(inspection, answers[..1]));
        Assert.NotEqual(digest, AuditTrail.Digest(inspection, [Answer(outcome: ItemOutcome.Fail), answers[1]]));
        Assert.NotEqual(digest, AuditTrail.Digest(inspection, [Answer(value: 1.5m), answers[1]]));
        Assert.NotEqual(digest, AuditTrail.Digest(inspection, [Answer(note: "fine"), answers[1]]));
        Assert.NotEqual(digest, AuditTrail.Digest(inspection, [Answer(on: Guid.NewGuid()), answers[1]]));
        Assert.NotEqual(digest, AuditTrail.Digest(inspection, [Answer(item: "hose"), answers[1]]));

        // A reading reads back from the database without its trailing zeros; it hashes the same either way.
        Assert.Equal(digest, AuditTrail.Digest(inspection, [Answer(value: 1.2000m), answers[1]]));
    }

    [Fact]
    public void A_seal_depends_on_the_trail_key_and_only_on_it()
    {
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var finding = FullFinding();

        Assert.Equal(AuditTrail.SealOf(TestTrailKey.Of(bytes), finding, AuditTrail.Genesis), AuditTrail.SealOf(TestTrailKey.Of([.. bytes]), finding, AuditTrail.Genesis));
        Assert.NotEqual(AuditTrail.SealOf(TestTrailKey.Of(bytes), finding, AuditTrail.Genesis), AuditTrail.SealOf(TestTrailKey.New(), finding, AuditTrail.Genesis));
        Assert.NotEqual(AuditTrail.SealOf(TestTrailKey.Of(bytes), finding, AuditTrail.Genesis), AuditTrail.SealOf(TestTrailKey.Of(bytes), finding, new string('1', 64)));
        Assert.NotEqual(
            AuditTrail.SignatureOf(TestTrailKey.Of(bytes), 1, 10, 10, AuditTrail.Genesis, FindingBuilder.DefaultRaisedAt),
            AuditTrail.SignatureOf(TestTrailKey.Of(bytes), 1, 10, 9, AuditTrail.Genesis, FindingBuilder.DefaultRaisedAt));
    }

    [Fact]
    public void Nothing_can_be_sealed_without_the_key() =>
        Assert.Throws<InvalidOperationException>(() => new TrailKey().Mac("record", AuditTrail.Genesis));

    /// <summary>A finding with every optional field set, so that each can be changed.</summary>
    private static Finding FullFinding()
    {
        var finding = new FindingBuilder().Major().WithFiveFixes().WithFixSubmitted().Build();
        Set(finding, nameof(Finding.ClosedAt), FindingBuilder.DefaultRaisedAt.AddDays(1));
        Set(finding, nameof(Finding.ClosedById), Guid.NewGuid());
        Set(finding, nameof(Finding.RepeatOfId), Guid.NewGuid());
        Set(finding, nameof(Finding.InspectionId), Guid.NewGuid());
        Set(finding, nameof(Finding.Value), 1.5m);
        Set(finding, nameof(Finding.Note), "gauge in the red");
        Set(finding, nameof(Finding.NextStepAt), FindingBuilder.DefaultRaisedAt.AddDays(2));
        Set(finding, nameof(Finding.PendingExtension), new PendingExtension(FindingBuilder.DefaultRaisedAt.AddDays(5), "parts", Guid.NewGuid(), FindingBuilder.DefaultRaisedAt));
        return finding;
    }

    /// <summary>The finding's columns as the database model maps them, owned types' columns as <c>Owner.Field</c>; the seal columns left out.</summary>
    private static List<(string Path, PropertyInfo Property, PropertyInfo? Owner)> StoredFields(Type type)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        using var db = new SafetyFlowDbContext(new DbContextOptionsBuilder<SafetyFlowDbContext>().UseSqlite(connection).Options);
        var entity = db.Model.FindEntityType(type)!;
        var fields = entity.GetProperties()
            .Where(p => p.PropertyInfo is not null && !SealFields.Contains(p.Name))
            .Select(p => (p.Name, p.PropertyInfo!, (PropertyInfo?)null))
            .ToList();
        foreach (var owned in entity.GetNavigations().Where(n => n.TargetEntityType.IsOwned()))
        {
            fields.AddRange(owned.TargetEntityType.GetProperties()
                .Where(p => p.PropertyInfo is not null)
                .Select(p => ($"{owned.Name}.{p.Name}", p.PropertyInfo!, (PropertyInfo?)owned.PropertyInfo)));
        }

        return fields;
    }

    private static void Change(Finding finding, string path)
    {
        var (_, property, owner) = StoredFields(typeof(Finding)).Single(f => f.Path == path);
        var target = owner is null ? finding : owner.GetValue(finding)!;
        property.SetValue(target, Other(property.PropertyType, property.GetValue(target)));
    }

    private static void Set(Finding finding, string name, object? value) =>
        typeof(Finding).GetProperty(name)!.SetValue(finding, value);

    private static object Other(Type type, object? value) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(Guid) => Guid.NewGuid(),
        var t when t == typeof(string) => (string?)value + " (changed)",
        var t when t == typeof(DateTimeOffset) => ((DateTimeOffset?)value ?? FindingBuilder.DefaultRaisedAt).AddSeconds(1),
        var t when t == typeof(int) => ((int?)value ?? 0) + 1,
        var t when t == typeof(long) => ((long?)value ?? 0) + 1,
        var t when t == typeof(decimal) => ((decimal?)value ?? 0) + 1,
        var t when t == typeof(bool) => !(bool)value!,
        var t when t == typeof(Severity) => (Severity)value! == Severity.Major ? Severity.General : Severity.Major,
        var t => throw new InvalidOperationException($"No other value for {t.Name}: add one, and the field to AuditTrail.Digest."),
    };
}
