using SafetyFlow.Web.Domain;
using SafetyFlow.Workflows.Model;

namespace SafetyFlow.UnitTests.Web.Builders;

/// <summary>
/// Raises a finding in the canteen kitchen the way an inspection does, then moves it on through the entity's own
/// methods, each one an hour after the last, so the finding carries the history a real one would.
/// </summary>
internal sealed class FindingBuilder
{
    /// <summary>Monday 23 November 2026, 09:00 in the work calendar's time zone.</summary>
    public static readonly DateTimeOffset DefaultRaisedAt = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly List<Action<Finding, DateTimeOffset>> _steps = [];
    private Severity _severity = Severity.General;
    private FindingActor _raisedBy = People.Member;
    private FindingActor _owner = People.Owner;
    private DateTimeOffset _raisedAt = DefaultRaisedAt;
    private bool _fixedOnSpot;
    private bool _fiveFixesRecorded;
    private (Guid Zone, Guid Unit, Guid Asset) _place = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    public FindingBuilder Major()
    {
        _severity = Severity.Major;
        return this;
    }

    public FindingBuilder RaisedBy(FindingActor raiser)
    {
        _raisedBy = raiser;
        return this;
    }

    public FindingBuilder OwnedBy(FindingActor owner)
    {
        _owner = owner;
        return this;
    }

    public FindingBuilder RaisedAt(DateTimeOffset at)
    {
        _raisedAt = at;
        return this;
    }

    /// <summary>Raises the finding on a stored zone, its unit and one of its assets, for tests that read it back from a database.</summary>
    public FindingBuilder In(Guid zoneId, Guid unitId, Guid assetId)
    {
        _place = (zoneId, unitId, assetId);
        return this;
    }

    public FindingBuilder FixedOnSpot()
    {
        _fixedOnSpot = true;
        return this;
    }

    public FindingBuilder WithFiveFixes()
    {
        _fiveFixesRecorded = true;
        _steps.Add((finding, at) => finding.RecordFiveFixes(Rectification.Lifecycle, _owner, FiveFixesPlan(at), at));
        return this;
    }

    /// <summary>The owner submits a fix; for a major finding the five fixes are recorded first.</summary>
    public FindingBuilder WithFixSubmitted()
    {
        if (_severity == Severity.Major && !_fiveFixesRecorded)
        {
            WithFiveFixes();
        }

        _steps.Add((finding, at) => finding.SubmitFix(Rectification.Lifecycle, _owner, "Fixed", at));
        return this;
    }

    /// <summary>The owner's fix is accepted by the canteen supervisor (or, when that supervisor may not decide, by leadership).</summary>
    public FindingBuilder Closed()
    {
        WithFixSubmitted();
        _steps.Add((finding, at) => finding.Approve(Rectification.Lifecycle, Decider(), "Accepted", at));
        return this;
    }

    /// <summary>The owner's fix is sent back by the canteen supervisor (or leadership).</summary>
    public FindingBuilder Rejected()
    {
        WithFixSubmitted();
        _steps.Add((finding, at) => finding.Reject(Rectification.Lifecycle, Decider(), "Not fixed", at));
        return this;
    }

    /// <summary>The owner asks for the deadline to move later by <paramref name="by"/>.</summary>
    public FindingBuilder WithExtensionRequested(TimeSpan by)
    {
        _steps.Add((finding, at) => finding.RequestExtension(Rectification.Lifecycle, _owner, finding.DueAt + by, "Parts on order", at));
        return this;
    }

    /// <summary>The owner's one extension request has been made and declined.</summary>
    public FindingBuilder WithExtensionDeclined()
    {
        WithExtensionRequested(TimeSpan.FromDays(3));
        _steps.Add((finding, at) => finding.DeclineExtension(Rectification.Lifecycle, Decider(), "No", at));
        return this;
    }

    public Finding Build()
    {
        var finding = Finding.Raise(
            new RaiseFindingCommand(
                InspectionId: Guid.NewGuid(),
                ZoneId: _place.Zone,
                UnitId: _place.Unit,
                AssetId: _place.Asset,
                WorkflowId: "weekly-food-safety-check",
                ItemId: "fridge-temperature",
                Category: "kitchen",
                Severity: _severity,
                OwnerId: _owner.UserId,
                RaisedBy: _raisedBy,
                Value: 9.5m,
                Note: "Fridge at 9.5 °C",
                FixedOnSpot: _fixedOnSpot),
            Rectification.Definition,
            _raisedAt);

        var at = _raisedAt;
        foreach (var step in _steps)
        {
            at = at.AddHours(1);
            step(finding, at);
        }

        return finding;
    }

    public static FiveFixes FiveFixesPlan(DateTimeOffset at) =>
        new("Replace the fridge compressor", "CNY 3,000 from the canteen budget", "owner-kitchen", at.AddDays(3), "Move food to the cold room", at);

    private FindingActor Decider() => _raisedBy == People.Supervisor ? People.Leader : People.Supervisor;
}
