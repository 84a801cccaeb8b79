using System.Text.RegularExpressions;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Tests;

/// <summary>
/// Words as the bot says them, looked up by key in the bot's own word files (Resources/strings.*.json), so tests
/// compare card text by key and a word can change without touching a test. Shared by both test projects.
/// </summary>
public static class Word
{
    private static readonly Strings Files = new();

    /// <summary>The German text at a key; with arguments, its {0}-style placeholders filled in as the bot fills them.</summary>
    public static string De(string key, params object?[] args) => Text(Strings.German, key, args);

    public static string En(string key, params object?[] args) => Text(Strings.English, key, args);

    /// <summary>
    /// The German text at a key with each placeholder as a group matching anything, for a word whose value the test
    /// cannot know beforehand (a place in line in a race, a date): <c>Word.DePattern("...").Match(text).Groups[1]</c>.
    /// </summary>
    public static Regex DePattern(string key)
    {
        var parts = Regex.Split(Files.Get(Strings.German, key), @"\{\d+\}");
        return new Regex(string.Join("(.+?)", parts.Select(Regex.Escape)), RegexOptions.None, TimeSpan.FromSeconds(1));
    }

    private static string Text(string lang, string key, object?[] args) =>
        args.Length == 0 ? Files.Get(lang, key) : Files.Format(lang, key, args);
}
