using System.Security.Cryptography;
using SafetyFlow.Web.Domain;

namespace SafetyFlow.UnitTests.Web.Builders;

/// <summary>Trail keys for tests: random, or the same bytes twice to show a seal depends only on the key.</summary>
internal static class TestTrailKey
{
    public static TrailKey New() => Of(RandomNumberGenerator.GetBytes(32));

    public static TrailKey Of(byte[] bytes)
    {
        var key = new TrailKey();
        key.Use(bytes);
        return key;
    }
}
