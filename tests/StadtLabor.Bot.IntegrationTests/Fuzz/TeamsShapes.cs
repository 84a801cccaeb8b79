using System.Text.Json.Nodes;
using StadtLabor.Bot.IntegrationTests.Infrastructure;

namespace StadtLabor.Bot.IntegrationTests.Fuzz;

/// <summary>
/// Activity shapes as Teams sends them (written down from the Bot Framework and Teams documentation and what the
/// Agents Playground posts): the starting points the fuzzer mutates. {SERVICE}, {TENANT}, {BOT} are filled in per bot.
/// </summary>
internal static class TeamsShapes
{
    public static readonly string[] Verbs =
    [
        "menu.show", "privacy.notice", "privacy.myData", "outbox.status", "outbox.retryDead", "trainings.list", "trainings.detail",
        "trainings.signUp", "trainings.cancel", "trainings.accept", "trainings.decline", "trainings.interest", "myitems.show",
        "trainings.manage", "trainings.new", "trainings.edit", "trainings.create", "trainings.update", "trainings.cancelSession",
        "trainings.cancelSessionConfirmed", "trainings.participants", "trainings.saveAttendance", "trainings.feedback",
        "trainings.feedbackResults",
    ];

    public static readonly string[] DataKeys =
    [
        "sessionId", "toolId", "page", "rating", "comment", "title", "description", "date", "start", "end", "capacity", "place",
        "onlineUrl", "trainer", "prerequisites", "announce", "hasNotice", "notice", "newTool",
    ];

    public static readonly string[] Texts =
    [
        "hilfe", "schulungen", "meine termine", "datenschutz", "meine daten", "idee Drucker im 2. OG", "schulungen verwalten",
        "postausgang", "menü", "ausleihen", "umfrage", "blubb", "<at>stadtLABOR</at> hilfe",
    ];

    private const string Common = """
        "id": "1712345678901", "timestamp": "2026-03-02T09:15:00.123Z", "localTimestamp": "2026-03-02T10:15:00.123+01:00",
        "serviceUrl": "{SERVICE}", "channelId": "msteams",
        "from": { "id": "29:1erika-ordnungsamt", "name": "Mustermann, Erika", "aadObjectId": "b1c2d3e4-0000-4000-8000-000000000001" },
        "recipient": { "id": "28:{BOT}", "name": "stadtLABOR" },
        "locale": "de-DE"
        """;

    private static readonly string[] Templates =
    [
        // A typed message in the personal chat.
        """
        { "type": "message", "text": "hilfe", "textFormat": "plain", {COMMON},
          "conversation": { "conversationType": "personal", "tenantId": "{TENANT}", "id": "a:1personal" },
          "entities": [ { "locale": "de-DE", "country": "DE", "platform": "Web", "timezone": "Europe/Berlin", "type": "clientInfo" } ],
          "channelData": { "tenant": { "id": "{TENANT}" } } }
        """,
        // A message in a channel, with the @mention Teams requires there.
        """
        { "type": "message", "text": "<at>stadtLABOR</at> schulungen", "textFormat": "plain", {COMMON},
          "conversation": { "isGroup": true, "conversationType": "channel", "tenantId": "{TENANT}", "id": "19:abc@thread.tacv2;messageid=1712345678901" },
          "entities": [ { "mentioned": { "id": "28:{BOT}", "name": "stadtLABOR" }, "text": "<at>stadtLABOR</at>", "type": "mention" } ],
          "attachments": [ { "contentType": "text/html", "content": "<div><at>stadtLABOR</at> schulungen</div>" } ],
          "channelData": { "teamsChannelId": "19:abc@thread.tacv2", "teamsTeamId": "19:team@thread.tacv2",
            "channel": { "id": "19:abc@thread.tacv2" }, "team": { "id": "19:team@thread.tacv2" }, "tenant": { "id": "{TENANT}" } } }
        """,
        // Action.Submit: a message with a value and no text.
        """
        { "type": "message", {COMMON},
          "conversation": { "conversationType": "personal", "tenantId": "{TENANT}", "id": "a:1personal" },
          "value": { "verb": "trainings.list", "page": 1 },
          "channelData": { "tenant": { "id": "{TENANT}" }, "source": { "name": "message" }, "legacy": { "replyToId": "1:abc" } },
          "replyToId": "1:abc" }
        """,
        // Action.Execute (Universal Actions).
        """
        { "type": "invoke", "name": "adaptiveCard/action", {COMMON},
          "conversation": { "conversationType": "personal", "tenantId": "{TENANT}", "id": "a:1personal" },
          "value": { "action": { "type": "Action.Execute", "id": "signup", "verb": "trainings.signUp", "data": { "sessionId": 1 } }, "trigger": "manual" },
          "channelData": { "tenant": { "id": "{TENANT}" }, "source": { "name": "message" } }, "replyToId": "1:abc" }
        """,
        // A dialog fetch and an invoke nobody handles.
        """
        { "type": "invoke", "name": "task/fetch", {COMMON},
          "conversation": { "conversationType": "personal", "tenantId": "{TENANT}", "id": "a:1personal" },
          "value": { "type": "task/fetch", "data": { "verb": "trainings.new" }, "context": { "theme": "default" } },
          "channelData": { "tenant": { "id": "{TENANT}" } } }
        """,
        // The bot added to a team.
        """
        { "type": "conversationUpdate", {COMMON},
          "conversation": { "isGroup": true, "conversationType": "channel", "tenantId": "{TENANT}", "id": "19:general@thread.tacv2" },
          "membersAdded": [ { "id": "28:{BOT}" } ],
          "channelData": { "team": { "aadGroupId": "0a1b2c3d-0000-4000-8000-00000000abcd", "name": "Ordnungsamt", "id": "19:general@thread.tacv2" },
            "eventType": "teamMemberAdded", "tenant": { "id": "{TENANT}" } } }
        """,
        // The bot removed from a group chat.
        """
        { "type": "conversationUpdate", {COMMON},
          "conversation": { "isGroup": true, "conversationType": "groupChat", "tenantId": "{TENANT}", "id": "19:meeting_abc@thread.v2" },
          "membersRemoved": [ { "id": "28:{BOT}" } ],
          "channelData": { "eventType": "teamMemberRemoved", "tenant": { "id": "{TENANT}" } } }
        """,
        // Installed for a person.
        """
        { "type": "installationUpdate", "action": "add", {COMMON},
          "conversation": { "conversationType": "personal", "tenantId": "{TENANT}", "id": "a:1personal" },
          "channelData": { "settings": { "selectedChannel": { "id": "19:abc@thread.tacv2" } }, "source": { "name": "message" }, "tenant": { "id": "{TENANT}" } } }
        """,
        // Uninstalled.
        """
        { "type": "installationUpdate", "action": "remove", {COMMON},
          "conversation": { "conversationType": "personal", "tenantId": "{TENANT}", "id": "a:1personal" },
          "channelData": { "tenant": { "id": "{TENANT}" } } }
        """,
        // A reaction to one of the bot's messages.
        """
        { "type": "messageReaction", {COMMON},
          "conversation": { "conversationType": "personal", "tenantId": "{TENANT}", "id": "a:1personal" },
          "reactionsAdded": [ { "type": "like" } ], "replyToId": "1712345678000",
          "channelData": { "legacy": { "replyToId": "1:abc" }, "tenant": { "id": "{TENANT}" } } }
        """,
        // Activity types we do not handle.
        """
        { "type": "typing", {COMMON},
          "conversation": { "conversationType": "personal", "tenantId": "{TENANT}", "id": "a:1personal" },
          "channelData": { "tenant": { "id": "{TENANT}" } } }
        """,
        """
        { "type": "event", "name": "application/vnd.microsoft.meetingStart", {COMMON},
          "conversation": { "isGroup": true, "conversationType": "groupChat", "tenantId": "{TENANT}", "id": "19:meeting_abc@thread.v2" },
          "value": { "Id": "meeting-1", "MeetingType": "Scheduled", "Title": "Jour fixe", "StartTime": "2026-03-02T09:00:00Z" },
          "channelData": { "tenant": { "id": "{TENANT}" }, "meeting": { "id": "meeting-1" } } }
        """,
    ];

    public static int Count => Templates.Length;

    public static JsonObject Seed(int index, BotFixture bot) => JsonNode.Parse(Templates[index]
        .Replace("{COMMON}", Common, StringComparison.Ordinal)
        .Replace("{SERVICE}", bot.Connector.ServiceUrl, StringComparison.Ordinal)
        .Replace("{TENANT}", BotFixture.TenantId, StringComparison.Ordinal)
        .Replace("{BOT}", BotFixture.AppId, StringComparison.Ordinal))!.AsObject();
}
