using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>
/// Says in JSON terms what a request field takes, found by following the field's path through the endpoint's request
/// type, so a 400 names "a JSON number" rather than the server's class names.
/// </summary>
internal static partial class RequestShapes
{
    private const string Number = "a JSON number such as 45.5 (the API takes JSON numbers only, not text such as \"45,5\")";

    /// <summary>What the field at a System.Text.Json path (<c>$.results[0].value</c>) of <paramref name="root"/> takes.</summary>
    public static string? Expected(Type? root, string? path)
    {
        var type = root;
        foreach (Match segment in Segment().Matches(path ?? ""))
        {
            if (type is null)
            {
                return null;
            }

            type = Nullable.GetUnderlyingType(type) ?? type;
            type = segment.Groups["index"].Success
                ? ElementType(type)
                : Member(type, segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value);
        }

        return type is null ? null : Describe(type);
    }

    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => "a JSON string",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => Number,
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole JSON number such as 3",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a JSON string holding a date and time with offset, such as 2026-11-24T09:00:00+08:00",
            _ when type == typeof(DateOnly) => "a JSON string holding a date such as 2026-11-24",
            _ when type == typeof(Guid) => "a JSON string holding an id such as 0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b",
            _ when type == typeof(JsonElement) => "a JSON value",
            _ when DictionaryValueType(type) is not null => "a JSON object",
            _ when ElementType(type) is not null => "a JSON array",
            _ => "a JSON object",
        };
    }

    /// <summary>What a query or route value takes, from the parameter type ASP.NET Core names (<c>bool?</c>, <c>Nullable&lt;int&gt;</c>).</summary>
    public static string DescribeParameter(string type)
    {
        var name = ParameterType().Match(type).Groups["name"].Value.ToLowerInvariant();
        return name switch
        {
            "bool" or "boolean" => "true or false",
            "int" or "long" or "short" or "int32" or "int64" or "int16" => "a whole number within range",
            "decimal" or "double" or "float" or "single" => "a number",
            "guid" => "an id such as 0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b",
            "datetimeoffset" or "datetime" => "a date and time with offset, such as 2026-11-24T09:00:00+08:00",
            "dateonly" => "a date such as 2026-11-24",
            _ => "a value this parameter takes",
        };
    }

    private static Type? Member(Type type, string name)
    {
        if (DictionaryValueType(type) is { } value)
        {
            return value;
        }

        return type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return Generic(type, typeof(IEnumerable<>))?.GetGenericArguments()[0]
            ?? (typeof(IEnumerable).IsAssignableFrom(type) ? typeof(object) : null);
    }

    private static Type? DictionaryValueType(Type type) =>
        (Generic(type, typeof(IDictionary<,>)) ?? Generic(type, typeof(IReadOnlyDictionary<,>)))?.GetGenericArguments()[1];

    private static Type? Generic(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);

    [GeneratedRegex(@"^(?:Nullable<)?(?:System\.)?(?<name>\w+)")]
    private static partial Regex ParameterType();

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^']|'')*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex Segment();
}
