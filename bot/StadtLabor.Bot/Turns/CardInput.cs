using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StadtLabor.Bot.Turns;

/// <summary>
/// Reads fields of a card submit. Card data is untrusted (anyone can edit the payload), and Teams sends input
/// values as strings while our own button data may hold numbers: both are accepted, anything else is "missing".
/// </summary>
public static class CardInput
{
    /// <summary>A positive whole number (an id), given as number or digits.</summary>
    public static bool TryGetId(JsonObject data, string key, out long id)
    {
        ArgumentNullException.ThrowIfNull(data);
        id = 0;
        if (data[key] is not JsonValue value) return false;
        var ok = value.GetValueKind() switch
        {
            JsonValueKind.Number => value.TryGetValue(out id),
            JsonValueKind.String => long.TryParse(value.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out id),
            _ => false,
        };
        return ok && id > 0;
    }

    /// <summary>A text input, trimmed; "" when missing or not a string.</summary>
    public static string Text(JsonObject data, string key)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>().Trim()
            : "";
    }

    /// <summary>A whole number from a number input (Teams sends "12"); null when missing or not a whole number.</summary>
    public static int? WholeNumber(JsonObject data, string key)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data[key] is not JsonValue value) return null;
        if (value.GetValueKind() == JsonValueKind.Number) return value.TryGetValue(out int n) ? n : null;
        return int.TryParse(Text(data, key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    /// <summary>An Input.Toggle: Teams sends "true"/"false" as strings.</summary>
    public static bool Flag(JsonObject data, string key)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data[key] is JsonValue value && (value.GetValueKind() == JsonValueKind.True
            || (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == "true"));
    }
}
