using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace StadtLabor.Bot.Connector;

// Tolerant by design: Teams adds fields without notice, so we type only what we read and keep the rest
// in ExtensionData, which is written back unchanged if the activity is ever re-sent.
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? Name { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? Text { get; set; }
    public string? Locale { get; set; }
    public string? ReplyToId { get; set; }
    public string? Action { get; set; }
    public JsonNode? Value { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public List<JsonObject>? Entities { get; set; }
    public JsonObject? ChannelData { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The tenant when the activity names one unambiguously; null when absent, malformed or contradictory.</summary>
    [JsonIgnore]
    public string? TenantId => TenantReading.Of(this) is { Kind: TenantReadingKind.Found } found ? found.TenantId : null;

    [JsonIgnore]
    public string ConversationType => Conversation?.ConversationType ?? "personal";

    public static Activity Message(string text) => new() { Type = ActivityTypes.Message, Text = text, TextFormat = "plain" };

    public static Activity Card(JsonObject card) => new()
    {
        Type = ActivityTypes.Message,
        Attachments = [new Attachment { ContentType = Attachment.AdaptiveCardType, Content = card }],
    };
}

public static class ActivityTypes
{
    public const string Message = "message";
    public const string Invoke = "invoke";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
}

public sealed class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? ConversationType { get; set; }
    public string? TenantId { get; set; }
    public bool? IsGroup { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed class Attachment
{
    public const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";

    public string? ContentType { get; set; }
    public JsonNode? Content { get; set; }
    public string? ContentUrl { get; set; }
    public string? Name { get; set; }
}

public static class ConnectorJson
{
    // Teams expects camelCase and chokes on explicit nulls in some fields, so nulls are never written.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
