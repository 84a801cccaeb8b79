using System.Text;

namespace StadtLabor.Benchmarks;

/// <summary>
/// Request bodies as Teams posts them to /api/messages (fields and order as Teams writes them: clientInfo entity,
/// localTimestamp, tenant in both places), for Erika from the Ordnungsamt in her 1:1 chat with the bot.
/// </summary>
public static class TeamsActivities
{
    private const string Common = $$"""
        "id": "1733300000000", "timestamp": "2026-12-04T09:15:00.123Z", "localTimestamp": "2026-12-04T10:15:00.123+01:00",
        "serviceUrl": "{{BotPieces.ServiceUrl}}", "channelId": "msteams",
        "from": { "id": "29:1f2e3d4c5b6a79880-erika-ordnungsamt-aBcDeFgHiJkLmNoPqRsTuVwXyZ", "name": "Mustermann, Erika",
                  "aadObjectId": "b1c2d3e4-0000-4000-8000-000000000001" },
        "conversation": { "conversationType": "personal", "tenantId": "{{BotPieces.TenantId}}",
                          "id": "a:1pQ7rS9tU2vW4xY6zA8bC0dE1fG3hI5jK7lM9nO1pQ3rS5tU7vW9xY1zA3bC5dE7fG9hI1jK3lM5nO7pQ9r" },
        "recipient": { "id": "28:{{BotPieces.AppId}}", "name": "stadtLABOR" },
        "locale": "de-DE"
        """;

    /// <summary>Erika types "hilfe".</summary>
    public static readonly byte[] HilfeMessage = Encoding.UTF8.GetBytes($$"""
        { "text": "hilfe", "textFormat": "plain", "attachments": [ { "contentType": "text/html", "content": "<p>hilfe</p>" } ],
          "type": "message", {{Common}}, "localTimezone": "Europe/Berlin",
          "entities": [ { "locale": "de-DE", "country": "DE", "platform": "Web", "timezone": "Europe/Berlin", "type": "clientInfo" } ],
          "channelData": { "tenant": { "id": "{{BotPieces.TenantId}}" } } }
        """);

    /// <summary>Erika clicks "Anmelden" on a session of the trainings list (Universal Actions).</summary>
    public static readonly byte[] SignUpInvoke = Encoding.UTF8.GetBytes($$"""
        { "name": "adaptiveCard/action", "type": "invoke", {{Common}}, "localTimezone": "Europe/Berlin",
          "value": { "action": { "type": "Action.Execute", "title": "Anmelden", "verb": "trainings.signUp", "data": { "sessionId": 12 } },
                     "trigger": "manual" },
          "entities": [ { "locale": "de-DE", "country": "DE", "platform": "Web", "timezone": "Europe/Berlin", "type": "clientInfo" } ],
          "channelData": { "tenant": { "id": "{{BotPieces.TenantId}}" }, "source": { "name": "message" },
                           "legacy": { "replyToId": "1:1aBcDeFgHiJkLmNoPqRsTuVwXyZ" } },
          "replyToId": "1733299990000" }
        """);
}
