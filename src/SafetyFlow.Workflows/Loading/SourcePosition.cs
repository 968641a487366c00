using YamlDotNet.Core;

namespace SafetyFlow.Workflows.Loading;

/// <summary>A 1-based line and column in a definition file.</summary>
internal readonly record struct SourcePosition(int Line, int Column)
{
    public static SourcePosition Start { get; } = new(1, 1);

    public static SourcePosition From(Mark mark) => new(ToInt(mark.Line), ToInt(mark.Column));

    private static int ToInt(long value) => value > int.MaxValue ? int.MaxValue : (int)value;
}
