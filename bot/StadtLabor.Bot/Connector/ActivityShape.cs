using System.Text.Json;

namespace StadtLabor.Bot.Connector;

/// <summary>
/// What every activity from Teams has, checked once at the door so no handler meets a conversation without an id or
/// an id the length of a novel. Teams' ids are well under these bounds (a channel thread id with its message id is
/// about 100 characters); anything longer is not from Teams and would only fail later, deeper, as a 500.
/// </summary>
internal static class ActivityShape
{
    public const int MaxIdLength = 512;
    public const int MaxAccountIdLength = 256;
    public const int MaxObjectIdLength = 64;
    public const int MaxShortFieldLength = 32;

    /// <summary>Why the activity cannot be from Teams (for our log), or null when its shape is fine.</summary>
    public static string? Problem(Activity activity)
    {
        if (string.IsNullOrEmpty(activity.Conversation?.Id)) return "no conversation id";
        if (TooLong(activity.Conversation.Id, MaxIdLength) || TooLong(activity.ServiceUrl, MaxIdLength) ||
            TooLong(activity.Id, MaxIdLength) || TooLong(activity.ReplyToId, MaxIdLength) ||
            TooLong(activity.From?.Id, MaxAccountIdLength) || TooLong(activity.Recipient?.Id, MaxAccountIdLength))
            return "an id is longer than Teams writes them";
        if (TooLong(activity.From?.AadObjectId, MaxObjectIdLength) || TooLong(activity.Conversation.TenantId, MaxObjectIdLength) ||
            TooLong(activity.Conversation.ConversationType, MaxShortFieldLength) || TooLong(activity.Type, MaxShortFieldLength) ||
            TooLong(activity.Action, MaxShortFieldLength) || TooLong(activity.Locale, MaxShortFieldLength) ||
            TooLong(activity.ChannelId, MaxShortFieldLength))
            return "a short field is longer than Teams writes it";
        return null;
    }

    /// <summary>
    /// Why the body cannot be read safely, or null. A field named twice in one object ("tenant": {"id": A, "id": B})
    /// means two readers may see two values, and System.Text.Json's JsonObject throws on it at first use, deep in a
    /// handler. Names are compared ignoring case: the activity is read with the web defaults (case-insensitive), so a
    /// card's data with "verb" and "Verb" threw too (found by the fuzz suite). A NUL character ("\u0000") in any string or name is never written by Teams, and PostgreSQL cannot store
    /// it in a text column (SQLSTATE 22021), so a conversation id with one would fail at the first insert as a 500.
    /// Such bodies are refused at the door. Malformed JSON is left to the deserializer, which refuses it too.
    /// </summary>
    public static string? BodyProblem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        var open = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject: open.Push(new HashSet<string>(StringComparer.OrdinalIgnoreCase)); break;
                    case JsonTokenType.EndObject: open.Pop(); break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (name.Contains('\0', StringComparison.Ordinal)) return "a NUL character in a field name";
                        if (!open.Peek().Add(name)) return "a field named twice in one object";
                        break;
                    // Only an escaped string can hold a NUL (JSON forbids raw control characters), so unescaped
                    // strings, nearly all of them, cost nothing here.
                    case JsonTokenType.String when reader.ValueIsEscaped && reader.GetString()!.Contains('\0', StringComparison.Ordinal):
                        return "a NUL character in a string";
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
        return null;
    }

    private static bool TooLong(string? value, int max) => value is not null && value.Length > max;
}
