using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Tests.Cards;

/// <summary>
/// Asks Microsoft's packages once about every card: the reference expansion of each template
/// with its sample data, and check-card results for our expansions (sample data, and rendered
/// with the real German and English words).
/// </summary>
public sealed class CardsFixture
{
    public CardsFixture()
    {
        var names = CardFiles.Names;
        var expansions = Checkers.Batch("expand-card.js", new JsonArray([.. names.Select(n => new JsonObject
        {
            ["template"] = CardFiles.TemplatePath(n),
            ["data"] = CardFiles.SamplePath(n),
        })]));
        Reference = names.Select((n, i) => (n, expansions[i]!.AsObject())).ToDictionary(x => x.n, x => x.Item2);

        var toCheck = new List<(string Key, JsonObject Card)>();
        foreach (var name in names)
        {
            toCheck.Add(($"{name} sample", TemplateExpander.Expand(CardFiles.Template(name), CardFiles.Sample(name), name)));
            foreach (var lang in Strings.Languages)
                toCheck.Add(($"{name} {lang}", CardFiles.Renderer.Render(name, lang, CardFiles.SampleData(name))));
        }
        toCheck.Add(("installations/welcome hostile", HostileWelcome()));
        var checks = Checkers.Batch("check-card.js", new JsonArray([.. toCheck.Select(c => new JsonObject
        {
            ["name"] = c.Key,
            ["card"] = c.Card,
        })]), "--target", "1.5");
        Checks = checks.Select(c => c!.AsObject()).ToDictionary(c => c["name"]!.GetValue<string>());
    }

    /// <summary>A user name full of JSON and markdown breakers, rendered and sent through JSON text as Teams would get it.</summary>
    public const string HostileName = "Erika \"}] \\ \n{\"type\":\"Action.OpenUrl\",\"url\":\"https://evil.example\"} ${$root.t.brand} [x](https://evil.example) }";

    public static JsonObject HostileWelcome()
    {
        var card = CardFiles.Renderer.Render("installations/welcome", Strings.German,
            new JsonObject { ["userName"] = CardText.Plain(HostileName), ["isTeam"] = false });
        return JsonNode.Parse(card.ToJsonString())!.AsObject();
    }

    /// <summary>By card name: {"result": expanded} or {"error": message}.</summary>
    public IReadOnlyDictionary<string, JsonObject> Reference { get; }

    /// <summary>By "name sample" / "name de" / "name en": {"errors": [...], "warnings": [...]}.</summary>
    public IReadOnlyDictionary<string, JsonObject> Checks { get; }
}
