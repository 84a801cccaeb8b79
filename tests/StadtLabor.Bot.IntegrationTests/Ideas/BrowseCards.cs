using System.Text.Json.Nodes;
using StadtLabor.Bot.IntegrationTests.Infrastructure;
using static StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Ideas;

/// <summary>Reading the ideas' staff cards (ideas/browse, ideas/idea, ideas/mine) as a person does.</summary>
internal static class BrowseCards
{
    /// <summary>The rows of a list card: the separated containers that hold a "Details" button.</summary>
    public static List<JsonObject> Rows(JsonObject card) =>
        [.. Walk(card).Where(o => o["type"]?.GetValue<string>() == "Container" && o["separator"]?.GetValue<bool>() == true
            && Actions(o).Any(a => a["verb"]!.GetValue<string>() == "ideas.show"))];

    /// <summary>The row's first line: "#12 Title".</summary>
    public static string Head(JsonObject row) => Words(row).Split('\n')[0];

    public static JsonObject Row(JsonObject card, long ideaId) =>
        Assert.Single(Rows(card), r => Head(r).StartsWith($"#{ideaId} ", StringComparison.Ordinal));

    public static JsonObject? Action(JsonNode? card, string verb) => Actions(card).SingleOrDefault(a => a["verb"]!.GetValue<string>() == verb);

    public static string DataOf(JsonObject action, string key) => action["data"]![key]!.ToString();

    public static Dictionary<string, string> Facts(JsonObject card) =>
        Walk(card).Where(o => o["type"]?.GetValue<string>() == "FactSet")
            .SelectMany(f => f["facts"]!.AsArray().OfType<JsonObject>())
            .ToDictionary(f => f["title"]!.GetValue<string>(), f => f["value"]!.GetValue<string>());

    /// <summary>Every row of a filter, page after page through "Weitere Ideen".</summary>
    public static async Task<List<JsonObject>> AllRowsAsync(BotFixture bot, Activities.Persona p, string status)
    {
        var rows = new List<JsonObject>();
        var card = await TrainingSeed.ClickAsync(bot, p, "ideas.browse", new JsonObject { ["status"] = status });
        for (var pages = 0; pages < 500; pages++)
        {
            rows.AddRange(Rows(card));
            var next = Actions(card).FirstOrDefault(a => a["verb"]!.GetValue<string>() == "ideas.browse" && a["data"]?["page"] is not null
                && Tests.Word.DePattern("ideasBrowse.nextPage").IsMatch(a["title"]!.GetValue<string>()));
            if (next is null) return rows;
            card = await TrainingSeed.ClickAsync(bot, p, "ideas.browse", next["data"]!.AsObject().DeepClone().AsObject());
        }
        throw new Xunit.Sdk.XunitException("more than 500 pages of ideas");
    }

    public static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Walk(p.Value))),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };

    public static JsonObject Json(long ideaId) => new() { ["ideaId"] = ideaId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
