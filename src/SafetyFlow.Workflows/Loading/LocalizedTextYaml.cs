using SafetyFlow.Workflows.Model;
using YamlDotNet.RepresentationModel;

namespace SafetyFlow.Workflows.Loading;

/// <summary>The YAML shape of a text in both languages: <c>{ zh-CN: ..., en: ... }</c>.</summary>
internal sealed class LocalizedTextYaml
{
    public static FieldMap<LocalizedTextYaml> Fields { get; } = new()
    {
        ["zh-CN"] = (t, r, n, p) => t.ZhCn = r.Text(n, p),
        ["en"] = (t, r, n, p) => t.En = r.Text(n, p),
    };

    public string? ZhCn { get; set; }

    public string? En { get; set; }

    public static LocalizedTextYaml Read(YamlFieldReader reader, YamlNode node, string path) =>
        reader.Mapping(node, path, new LocalizedTextYaml(), Fields);

    public LocalizedText ToModel() => new(ZhCn!.Trim(), En!.Trim());
}
