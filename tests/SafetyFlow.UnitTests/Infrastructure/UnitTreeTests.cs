using SafetyFlow.Web.Infrastructure;

namespace SafetyFlow.UnitTests.Infrastructure;

public sealed class UnitTreeTests
{
    private static readonly Guid Company = Guid.NewGuid();
    private static readonly Guid Canteen = Guid.NewGuid();
    private static readonly Guid Kitchen = Guid.NewGuid();
    private static readonly Guid Dormitory = Guid.NewGuid();

    private static readonly UnitTree Tree = UnitTree.Of(
    [
        (Company, "svc", null),
        (Canteen, "canteen-1", Company),
        (Kitchen, "canteen-1-kitchen", Canteen),
        (Dormitory, "dorm-a", Company),
    ]);

    [Fact]
    public void A_unit_covers_itself_and_every_unit_below_it_and_nothing_beside_or_above()
    {
        Assert.Equal(new HashSet<Guid> { Canteen, Kitchen }, Tree.AndBelow(Canteen));
        Assert.Equal(new HashSet<Guid> { Company, Canteen, Kitchen, Dormitory }, Tree.AndBelow(Company));
        Assert.Equal(new HashSet<Guid> { Dormitory }, Tree.AndBelow(Dormitory));
    }

    [Fact]
    public void Units_named_by_key_cover_their_sub_units_and_an_unknown_key_covers_nothing()
    {
        Assert.Equal(new HashSet<Guid> { Canteen, Kitchen, Dormitory }, Tree.AndBelow(["CANTEEN-1", "dorm-a", "no-such-unit"]));
        Assert.Empty(Tree.AndBelow(["no-such-unit"]));
    }

    [Fact]
    public void A_loop_in_the_stored_tree_ends_the_walk()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var looped = UnitTree.Of([(a, "a", b), (b, "b", a)]);

        Assert.Equal(new HashSet<Guid> { a, b }, looped.AndBelow(a));
    }
}
