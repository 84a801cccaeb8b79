using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Benchmarks;

/// <summary>
/// The words: a text by dotted key (handlers call it for every entry of a card), one with placeholders, and the copy
/// of the whole German tree that every card render gives the template as "t".
/// </summary>
[MemoryDiagnoser]
public class StringsLookup
{
    private Strings _strings = null!;

    [GlobalSetup]
    public void Setup()
    {
        _strings = new Strings();
        // Get throws on a key that is gone; the formats must still take their arguments.
        WordShallow();
        WordDeep();
        if (!FormatOnePlaceholder().Contains("K7Q2", StringComparison.Ordinal)) throw new InvalidOperationException("error.incident lost its placeholder");
        if (!FormatTwoNumbers().Contains("12", StringComparison.Ordinal)) throw new InvalidOperationException("trainingsLists.saved lost its number");
    }

    [Benchmark]
    public string WordShallow() => _strings.Get("de", "menu.title");

    [Benchmark]
    public string WordDeep() => _strings.Get("de", "trainingsAdmin.confirm.affected.other");

    [Benchmark]
    public string FormatOnePlaceholder() => _strings.Format("de", "error.incident", "K7Q2");

    [Benchmark]
    public string FormatTwoNumbers() => _strings.Format("de", "trainingsLists.saved", 12, 3);

    /// <summary>The word tree a card render hands to the template.</summary>
    [Benchmark]
    public JsonObject WordTree() => _strings.Words("de");
}
