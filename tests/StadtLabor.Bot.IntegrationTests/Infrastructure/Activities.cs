using System.Text.Json.Nodes;

namespace StadtLabor.Bot.IntegrationTests.Infrastructure;

/// <summary>Activities shaped like the ones Teams sends, for our personas.</summary>
public static class Activities
{
    public static readonly Persona Erika = new("29:erika-ordnungsamt", "b1c2d3e4-0000-4000-8000-000000000001", "Mustermann, Erika");
    public static readonly Persona Lotse = new("29:lotse-bauamt", "b1c2d3e4-0000-4000-8000-000000000002", "Jonas Lotse");
    public static readonly Persona LabTeam = new("29:labteam-stadtlabor", "b1c2d3e4-0000-4000-8000-000000000003", "Sam Labor");

    /// <summary>A second Lotse (from the Bürgerbüro), to assign ideas to and to race the first.</summary>
    public static readonly Persona Lotsin = new("29:lotsin-buergerbuero", "b1c2d3e4-0000-4000-8000-000000000004", "Mia Lotsin");

    /// <summary>The innovation department (role Innovation): figures, exports, and everything a Lotse can.</summary>
    public static readonly Persona Innovation = new("29:ines-innovation", "b1c2d3e4-0000-4000-8000-000000000005", "Ines Innovation");

    /// <summary>The university's research partner (role ResearchPartner): survey results and the raw export.</summary>
    public static readonly Persona Research = new("29:rita-research", "b1c2d3e4-0000-4000-8000-000000000006", "Rita Forschung");

    public sealed record Persona(string Id, string AadObjectId, string Name);

    public static JsonObject Message(BotFixture bot, Persona user, string text, string conversationId = "a:personal-erika",
        string conversationType = "personal", string locale = "de-DE") =>
        Base(bot, "message", user, conversationId, conversationType, locale, o =>
        {
            o["text"] = text;
            o["textFormat"] = "plain";
        });

    public static JsonObject Install(BotFixture bot, Persona user, string conversationId = "a:personal-erika",
        string conversationType = "personal", string action = "add") =>
        Base(bot, "installationUpdate", user, conversationId, conversationType, "de-DE", o => o["action"] = action);

    public static JsonObject BotAdded(BotFixture bot, Persona user, string conversationId, string conversationType) =>
        Base(bot, "conversationUpdate", user, conversationId, conversationType, "de-DE", o =>
            o["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "28:" + BotFixture.AppId }));

    public static JsonObject Execute(BotFixture bot, Persona user, string verb, JsonObject? data = null,
        string conversationId = "a:personal-erika", string locale = "de-DE") =>
        Base(bot, "invoke", user, conversationId, "personal", locale, o =>
        {
            o["name"] = "adaptiveCard/action";
            o["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data ?? [] },
                ["trigger"] = "manual",
            };
        });

    private static JsonObject Base(BotFixture bot, string type, Persona user, string conversationId, string conversationType,
        string locale, Action<JsonObject> fill)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = "act-" + Guid.NewGuid().ToString("N")[..12],
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["serviceUrl"] = bot.Connector.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = user.Id, ["name"] = user.Name, ["aadObjectId"] = user.AadObjectId },
            ["conversation"] = new JsonObject
            {
                ["id"] = conversationId,
                ["conversationType"] = conversationType,
                ["tenantId"] = BotFixture.TenantId,
                ["isGroup"] = conversationType != "personal",
            },
            ["recipient"] = new JsonObject { ["id"] = "28:" + BotFixture.AppId, ["name"] = "stadtLABOR" },
            ["locale"] = locale,
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = BotFixture.TenantId } },
        };
        fill(activity);
        return activity;
    }
}
