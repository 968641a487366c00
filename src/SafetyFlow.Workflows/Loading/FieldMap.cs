using YamlDotNet.RepresentationModel;

namespace SafetyFlow.Workflows.Loading;

/// <summary>Reads one field's value node into <paramref name="target"/>.</summary>
internal delegate void FieldReader<in T>(T target, YamlFieldReader reader, YamlNode value, string path);

/// <summary>The keys a YAML mapping may hold, each with the code that reads its value; the key order is the documented one.</summary>
internal sealed class FieldMap<T> : Dictionary<string, FieldReader<T>>
{
    public FieldMap()
        : base(StringComparer.Ordinal)
    {
    }
}
