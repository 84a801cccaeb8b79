using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Tests.Cards;

/// <summary>The card templates in the repository's cards/ folder with their sample data.</summary>
internal static class CardFiles
{
    /// <summary>"installations/welcome", ... for every cards/**/NAME.json that is not a sample.</summary>
    public static IReadOnlyList<string> Names { get; } = Directory
        .EnumerateFiles(Checkers.CardsFolder, "*.json", SearchOption.AllDirectories)
        .Where(f => !f.EndsWith(".sample.json", StringComparison.Ordinal))
        .Select(f => Path.GetRelativePath(Checkers.CardsFolder, f).Replace('\\', '/')[..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    public static string TemplatePath(string name) => Path.Combine(Checkers.CardsFolder, name + ".json");

    public static string SamplePath(string name) => Path.Combine(Checkers.CardsFolder, name + ".sample.json");

    public static JsonObject Template(string name) => JsonNode.Parse(File.ReadAllText(TemplatePath(name)))!.AsObject();

    public static JsonObject Sample(string name) => JsonNode.Parse(File.ReadAllText(SamplePath(name)))!.AsObject();

    /// <summary>The sample data without its words, as a feature would pass it to CardRenderer.</summary>
    public static JsonObject SampleData(string name)
    {
        var data = Sample(name);
        data.Remove("t");
        return data;
    }

    public static CardRenderer Renderer { get; } = new(new Strings());
}
