using BenchmarkDotNet.Attributes;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Ideas.Similarity;

namespace StadtLabor.Benchmarks;

/// <summary>
/// "Gibt es das schon?" on 10,000 ideas (made from the labelled set, <see cref="IdeaCorpus"/>): one search as the
/// intake asks it (a labelled idea's title and description, the bot's threshold), one new idea taken in as the feed
/// does between searches, and the first load of all ideas. The index's memory is printed by the setup (the managed
/// heap before and after loading, after a full collection), since BenchmarkDotNet's allocation figure is per call.
/// </summary>
[MemoryDiagnoser]
public class SimilarIdeasSearch
{
    public const int Ideas = 10_000;

    private IReadOnlyList<IdeaText> _ideas = null!;
    private IdeaTextIndex _index = null!;
    private LabelledIdea _query = null!;
    private long _nextId;

    [GlobalSetup]
    public void Setup()
    {
        _ideas = IdeaCorpus.Generate(Ideas, seed: 12);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        _index = new IdeaTextIndex();
        _index.Apply(_ideas, []);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// index of {_index.Count} ideas: {(after - before) / 1024.0 / 1024.0:0.0} MB managed heap");
        _query = IdeaCorpus.Labelled.First(i => i.Group == "termin-online");
        _nextId = Ideas;
        // Measures a search that finds something, as the intake's usual case: a generated idea reuses the query's title.
        if (Search().Count == 0) throw new InvalidOperationException("the search found nothing among 10,000 ideas");
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark]
    public IReadOnlyList<IndexHit> Search() => _index.Search(_query.Title, _query.Description, SimilarIdeas.Max * 4, SimilarIdeas.MinScore);

    /// <summary>A new idea arriving: its vector added and every idea's length worked out again (the IDF moved).</summary>
    [Benchmark]
    public void AddOne()
    {
        var source = _ideas[(int)(_nextId % Ideas)];
        _index.Apply([source with { Id = ++_nextId }], []);
    }

    /// <summary>The first search of an app instance: all 10,000 ideas analysed and indexed.</summary>
    [Benchmark]
    public int LoadAll()
    {
        using var index = new IdeaTextIndex();
        index.Apply(_ideas, []);
        return index.Count;
    }
}
