using System.Text.Json;
using StadtLabor.Bot.Features.Ideas.Similarity;

namespace StadtLabor.Benchmarks;

/// <summary>An idea of the labelled set, with its duplicate group (null for a distractor that duplicates nothing).</summary>
public sealed record LabelledIdea(long Id, string? Group, string Title, string Description);

/// <summary>
/// The labelled set of German ideas (tests/StadtLabor.Bot.Tests/Ideas/similar-ideas.de.json, embedded here) and, for
/// the benchmark, many more ideas made from it: the quality test measures the matcher on the set, the benchmark its
/// speed on 10,000 ideas that use the same words.
/// </summary>
public static class IdeaCorpus
{
    private sealed record Text(string Title, string Description);
    private sealed record Group(string Name, List<Text> Ideas);
    private sealed record File(List<Group> Groups, List<Text> Singletons);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Lazy<IReadOnlyList<LabelledIdea>> Set = new(Read);

    /// <summary>The groups' ideas first, then the distractors; ids from 1 in file order.</summary>
    public static IReadOnlyList<LabelledIdea> Labelled => Set.Value;

    private static List<LabelledIdea> Read()
    {
        using var stream = typeof(IdeaCorpus).Assembly.GetManifestResourceStream("ideas/similar-ideas.de.json")
            ?? throw new InvalidOperationException("The labelled set is not embedded.");
        var file = JsonSerializer.Deserialize<File>(stream, Json)
            ?? throw new InvalidOperationException("The labelled set is empty.");
        var ideas = new List<LabelledIdea>();
        foreach (var group in file.Groups)
            foreach (var idea in group.Ideas) ideas.Add(new LabelledIdea(ideas.Count + 1, group.Name, idea.Title, idea.Description));
        foreach (var idea in file.Singletons) ideas.Add(new LabelledIdea(ideas.Count + 1, null, idea.Title, idea.Description));
        return ideas;
    }

    /// <summary>
    /// <paramref name="count"/> ideas (ids from 1) made of the set's sentences: each takes the title of one idea, a
    /// department or place from another and a description of two to four sentences from others, so the words, their
    /// spread and the lengths are those of real ideas, and the same seed makes the same ideas.
    /// </summary>
    public static IReadOnlyList<IdeaText> Generate(int count, int seed)
    {
        var set = Labelled;
        var sentences = set.SelectMany(i => i.Description.Split(". ", StringSplitOptions.RemoveEmptyEntries)).ToArray();
        string[] places = ["im Bürgerbüro", "im Ordnungsamt", "im Bauamt", "in der Kämmerei", "im Standesamt", "im Jugendamt",
            "im Sozialamt", "beim Bauhof", "in der Stadtbücherei", "im Personalamt", "in der IT", "im Sitzungsdienst",
            "in den Schulen", "in der Feuerwehr", "im Stadtarchiv", "für den Außendienst"];
        var random = new Random(seed);
        var ideas = new List<IdeaText>(count);
        for (var id = 1; id <= count; id++)
        {
            var title = set[random.Next(set.Count)].Title + " " + places[random.Next(places.Length)];
            var parts = Enumerable.Range(0, random.Next(2, 5)).Select(_ => sentences[random.Next(sentences.Length)].TrimEnd('.'));
            ideas.Add(new IdeaText(id, title, string.Join(". ", parts) + "."));
        }
        return ideas;
    }
}
