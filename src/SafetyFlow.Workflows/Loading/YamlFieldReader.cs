using System.Globalization;
using System.Xml;
using YamlDotNet.RepresentationModel;

namespace SafetyFlow.Workflows.Loading;

/// <summary>
/// Reads YAML nodes into the loader's plain classes, remembering where each field was written so that a later
/// validation failure can name its line. Structural problems (unknown keys, wrong node types, values that do not parse)
/// are recorded here; rules about values are left to the validators.
/// </summary>
internal sealed class YamlFieldReader
{
    private static readonly string[] NullWords = ["", "~", "null", "Null", "NULL"];

    private readonly string _file;
    private readonly List<WorkflowDefinitionError> _errors = [];
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal) { [""] = SourcePosition.Start };
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);

    public YamlFieldReader(string file)
    {
        _file = file;
    }

    public IReadOnlyList<WorkflowDefinitionError> Errors => _errors;

    /// <summary>Where a field was written; for a field that is missing, where its nearest written parent was.</summary>
    public SourcePosition PositionOf(string path)
    {
        for (var current = path; ; current = ParentOf(current))
        {
            if (_positions.TryGetValue(current, out var position))
            {
                return position;
            }

            if (current.Length == 0)
            {
                return SourcePosition.Start;
            }
        }
    }

    /// <summary>True when the field, or a parent of it, could not be read, so rules about its value would only repeat that.</summary>
    public bool IsUnreadable(string path)
    {
        for (var current = path; current.Length > 0; current = ParentOf(current))
        {
            if (_unreadable.Contains(current))
            {
                return true;
            }
        }

        return false;
    }

    public void AddError(string path, string message) => AddError(PositionOf(path), path, message);

    public void AddError(SourcePosition position, string path, string message) =>
        _errors.Add(new WorkflowDefinitionError(_file, position.Line, position.Column, path, message));

    public void Remember(string path, YamlNode node) => _positions[path] = SourcePosition.From(node.Start);

    /// <summary>Reads a mapping into <paramref name="target"/>; every key must be one of <paramref name="fields"/>.</summary>
    public T Mapping<T>(YamlNode node, string path, T target, FieldMap<T> fields)
    {
        if (IsNull(node))
        {
            return target;
        }

        if (node is not YamlMappingNode mapping)
        {
            Unreadable(node, path, "expected a mapping of keys to values");
            return target;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = keyNode is YamlScalarNode scalar ? scalar.Value ?? string.Empty : keyNode.ToString();
            var fieldPath = Join(path, key);
            if (!fields.TryGetValue(key, out var read))
            {
                AddError(SourcePosition.From(keyNode.Start), fieldPath, $"unknown key '{key}'; expected one of: {string.Join(", ", fields.Keys)}");
                continue;
            }

            _positions[fieldPath] = SourcePosition.From(keyNode.Start);
            read(target, this, valueNode, fieldPath);
        }

        return target;
    }

    /// <summary>Reads a list; null or missing reads as empty.</summary>
    public List<T> Sequence<T>(YamlNode node, string path, Func<YamlNode, string, T> readElement)
    {
        if (IsNull(node))
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            Unreadable(node, path, "expected a list");
            return [];
        }

        var result = new List<T>(sequence.Children.Count);
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            var element = sequence.Children[index];
            var elementPath = $"{path}[{index}]";
            Remember(elementPath, element);
            result.Add(readElement(element, elementPath));
        }

        return result;
    }

    public string? Text(YamlNode node, string path)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Unreadable(node, path, "expected a single value, not a list or mapping");
            return null;
        }

        return scalar.Value;
    }

    public decimal? Number(YamlNode node, string path)
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Unreadable(node, path, $"'{text}' is not a number");
        return null;
    }

    public int? WholeNumber(YamlNode node, string path)
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Unreadable(node, path, $"'{text}' is not a whole number");
        return null;
    }

    public bool? Flag(YamlNode node, string path)
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Unreadable(node, path, $"'{text}' is not true or false");
        return null;
    }

    /// <summary>Reads an ISO 8601 duration such as <c>P7D</c>, <c>PT24H</c> or <c>-P1D</c>.</summary>
    public TimeSpan? Duration(YamlNode node, string path)
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            Unreadable(node, path, $"'{text}' is not an ISO 8601 duration such as P7D, PT24H or -P1D");
            return null;
        }
        catch (OverflowException)
        {
            Unreadable(node, path, $"'{text}' is too long a duration");
            return null;
        }
    }

    /// <summary>Reads a local time of day written as <c>HH:mm</c>.</summary>
    public TimeOnly? TimeOfDay(YamlNode node, string path)
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }

        Unreadable(node, path, $"'{text}' is not a time of day written as HH:mm");
        return null;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar && NullWords.Contains(scalar.Value ?? string.Empty);

    private static string ParentOf(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? string.Empty : path[..cut];
    }

    private void Unreadable(YamlNode node, string path, string message)
    {
        _unreadable.Add(path);
        AddError(SourcePosition.From(node.Start), path, message);
    }
}
