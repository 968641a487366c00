using System.Text.Json;
using System.Text.Json.Serialization;

namespace SafetyFlow.Web.Infrastructure;

/// <summary>Writes instants with the offset of the configured time zone (<c>2026-11-24T09:00:00+08:00</c>).</summary>
internal sealed class LocalOffsetConverter(WorkCalendar calendar) : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var local = calendar.ToLocal(value);
        writer.WriteStringValue(local.ToString(local.Millisecond == 0 ? "yyyy-MM-ddTHH:mm:sszzz" : "yyyy-MM-ddTHH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture));
    }
}
