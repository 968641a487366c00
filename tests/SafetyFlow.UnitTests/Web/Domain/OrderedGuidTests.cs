using SafetyFlow.Web.Domain;

namespace SafetyFlow.UnitTests.Web.Domain;

public sealed class OrderedGuidTests
{
    [Fact]
    public void Ids_made_one_after_another_sort_in_the_order_they_were_made_as_text_and_as_bytes()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => OrderedGuid.NewGuid()).ToList();

        Assert.Equal(ids, ids.OrderBy(id => id.ToString(), StringComparer.Ordinal));
        Assert.Equal(ids, ids.OrderBy(id => Convert.ToHexString(id.ToByteArray(bigEndian: true)), StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Ids_are_version_7_with_the_rfc_variant_and_the_current_time()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var bytes = OrderedGuid.NewGuid().ToByteArray(bigEndian: true);

        Assert.Equal(7, bytes[6] >> 4);
        Assert.Equal(0b10, bytes[8] >> 6);
        var milliseconds = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes) >> 16;
        Assert.InRange(milliseconds, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 5);
    }
}
