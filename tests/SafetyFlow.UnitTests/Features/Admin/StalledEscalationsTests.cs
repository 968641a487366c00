using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Domain;
using SafetyFlow.Web.Features.Admin;
using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.UnitTests.Features.Admin;

/// <summary>Having a failed ladder step tried again, as a use case without HTTP.</summary>
public sealed class StalledEscalationsTests : IAsyncLifetime
{
    private TwoUnitOrganisation _org = null!;
    private Finding _finding = null!;

    public async Task InitializeAsync()
    {
        _org = await TwoUnitOrganisation.CreateAsync();
        _finding = await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder());
        var failure = EscalationFailure.First(_finding.Id, _org.Clock.GetUtcNow().AddHours(-1));
        failure.Record("SMTP server unreachable", _org.Clock.GetUtcNow().AddHours(-1), TimeSpan.FromHours(4));
        _org.Db.EscalationFailures.Add(failure);
        await _org.Db.SaveChangesAsync();
        _org.Db.ChangeTracker.Clear();
    }

    public async Task DisposeAsync() => await _org.DisposeAsync();

    [Fact]
    public async Task A_failed_step_is_due_again_at_once_and_listed_so()
    {
        var stalled = new StalledEscalations(_org.Db, _org.Clock);

        var retried = await stalled.RetryNowAsync(new RetryEscalationRequest(_finding.Id), CancellationToken.None);

        Assert.Equal((_finding.Id, _org.Clock.GetUtcNow()), (retried.Value.FindingId, retried.Value.RetryAt));
        Assert.Equal(_org.Clock.GetUtcNow(), Assert.Single(await stalled.ListAsync(CancellationToken.None)).RetryAt);
    }

    [Fact]
    public async Task A_finding_with_no_failed_step_is_not_found()
    {
        var result = await new StalledEscalations(_org.Db, _org.Clock).RetryNowAsync(new RetryEscalationRequest(Guid.NewGuid()), CancellationToken.None);

        Assert.IsType<Failure.NotFound>(result.Failure);
    }
}
