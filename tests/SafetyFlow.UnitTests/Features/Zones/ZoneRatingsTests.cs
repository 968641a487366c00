using SafetyFlow.UnitTests.Web.Builders;
using SafetyFlow.Web.Features.Zones;
using SafetyFlow.Web.Infrastructure;
using SafetyFlow.Web.Runtime;

namespace SafetyFlow.UnitTests.Features.Zones;

/// <summary>Zone stars and a zone's history as use cases, without HTTP.</summary>
public sealed class ZoneRatingsTests : IAsyncLifetime
{
    private TwoUnitOrganisation _org = null!;

    public async Task InitializeAsync()
    {
        _org = await TwoUnitOrganisation.CreateAsync();
        await _org.AddFindingAsync(_org.Kitchen, new FindingBuilder());
    }

    public async Task DisposeAsync() => await _org.DisposeAsync();

    private ZoneRater Rater => new(_org.Db, _org.Workflows, _org.Calendar, _org.Clock);

    [Fact]
    public async Task A_supervisor_is_shown_the_stars_of_their_units_zones_only()
    {
        var ratings = await HandleAsync(new ZoneRatingsRequest("2026-11", _org.CanteenSupervisor));

        var kitchen = Assert.Single(ratings.Value);
        Assert.Equal(("z-canteen-kitchen", "2026-11", false), (kitchen.Zone, kitchen.Month, kitchen.Stored));
    }

    [Theory]
    [InlineData("November")]
    [InlineData("9999-11")]
    public async Task A_month_it_cannot_read_is_refused_under_month(string month)
    {
        var result = await HandleAsync(new ZoneRatingsRequest(month, _org.SafetyOffice));

        var invalid = Assert.IsType<Failure.Invalid>(result.Failure);
        Assert.Contains("2000 to 2100", Assert.Single(invalid.Errors["month"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_units_zone_has_no_history_for_a_supervisor_but_has_one_for_the_safety_office()
    {
        await Rater.StoreAsync(new DateOnly(2026, 10, 1), CancellationToken.None);
        var history = new ZoneRatingHistory(Rater);

        var hidden = await history.HandleAsync(new ZoneRatingHistoryRequest("z-dorm-a", _org.CanteenSupervisor), CancellationToken.None);
        var shown = await history.HandleAsync(new ZoneRatingHistoryRequest("z-dorm-a", _org.SafetyOffice), CancellationToken.None);

        Assert.IsType<Failure.NotFound>(hidden.Failure);
        Assert.Equal("2026-10", Assert.Single(shown.Value).Month);
        Assert.Equal(["z-canteen-kitchen"], (await history.AllAsync(_org.CanteenSupervisor, CancellationToken.None)).Keys);
    }

    private Task<Result<ZoneRatingView[]>> HandleAsync(ZoneRatingsRequest request) =>
        new ZoneRatings(new ZoneRatingsRequestValidator(_org.Calendar, _org.Clock), Rater, _org.Calendar, _org.Clock)
            .HandleAsync(request, CancellationToken.None);
}
