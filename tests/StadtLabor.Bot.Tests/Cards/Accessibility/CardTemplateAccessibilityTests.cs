using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StadtLabor.Bot.Cards;

namespace StadtLabor.Bot.Tests.Cards.Accessibility;

/// <summary>
/// What the browser check cannot see because the sample does not show it: every branch of a template (each `$when`),
/// read as JSON. A text colour that misses the contrast in Teams' light theme, and emoji in a button title, fail here
/// even when the sample never takes that branch.
/// </summary>
public sealed partial class CardTemplateAccessibilityTests
{
    public static TheoryData<string> Names => [.. CardFiles.Names];

    private static readonly JsonObject HostConfig = JsonNode.Parse(File.ReadAllText(
        Path.Combine(Checkers.RepoRoot, "tests", "StadtLabor.Bot.Tests", "Cards", "Accessibility", "teams-light.hostconfig.json")))!.AsObject();

    [Theory]
    [MemberData(nameof(Names))]
    public void Template_TextColors_MeetContrastInTeamsLightTheme(string name)
    {
        var problems = new List<string>();
        foreach (var element in Objects(CardFiles.Template(name)).Where(o => o["color"] is JsonValue && o["type"]?.GetValue<string>() is "TextBlock" or "TextRun"))
        {
            var color = element["color"]!.GetValue<string>();
            if (color.Contains("${", StringComparison.Ordinal)) continue; // chosen by data: the browser check sees it
            var subtle = element["isSubtle"]?.GetValue<bool>() == true;
            var ratio = ContrastOnWhite(color, subtle);
            // WCAG 1.4.3: 4.5:1, or 3:1 for large text (Large and ExtraLarge are 18 and 24 px here).
            var large = element["size"]?.GetValue<string>().ToUpperInvariant() is "LARGE" or "EXTRALARGE";
            var needed = large ? 3.0 : 4.5;
            if (ratio < needed)
                problems.Add($"\"{element["text"]}\": color {color}{(subtle ? " (subtle)" : "")} has {ratio:F2}:1 on white in Teams' light theme, needs {needed}:1; use words and the default colour");
        }
        Assert.True(problems.Count == 0, $"cards/{name}.json:\n- " + string.Join("\n- ", problems));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Template_ActionTitles_HaveNoEmojiInAnyLanguage(string name)
    {
        var words = new Strings();
        var problems = new List<string>();
        foreach (var action in Objects(CardFiles.Template(name)).Where(o => o["type"]?.GetValue<string>().StartsWith("Action.", StringComparison.Ordinal) == true && o["title"] is JsonValue))
        {
            var title = action["title"]!.GetValue<string>();
            foreach (var lang in Strings.Languages)
            {
                // The words a title binds (${t.x} or ${$root.t.x}); data bindings are checked in the browser.
                var text = WordBinding().Replace(title, m => words.Get(lang, m.Groups[1].Value));
                if (CardProblems.HasEmoji(text))
                    problems.Add($"button \"{text}\" ({lang}) has an emoji or symbol in its title; use words");
            }
        }
        Assert.True(problems.Count == 0, $"cards/{name}.json:\n- " + string.Join("\n- ", problems));
    }

    [Fact]
    public void ContrastOnWhite_TeamsLightColours_GreenAndYellowFailTextAndDefaultPasses()
    {
        Assert.InRange(ContrastOnWhite("Good", subtle: false), 2.0, 2.2); // the ~2:1 light green of issue 9
        Assert.True(ContrastOnWhite("Warning", subtle: false) < 3);
        Assert.True(ContrastOnWhite("Default", subtle: false) > 15);
        Assert.True(ContrastOnWhite("Default", subtle: true) >= 4.5);
        Assert.True(ContrastOnWhite("Attention", subtle: false) >= 4.5);
    }

    /// <summary>The colour's contrast on the default (white) container in the host config, alpha blended onto white.</summary>
    private static double ContrastOnWhite(string color, bool subtle)
    {
        var colors = HostConfig["containerStyles"]!["default"]!["foregroundColors"]!.AsObject();
        var set = colors.First(c => string.Equals(c.Key, color, StringComparison.OrdinalIgnoreCase)).Value!;
        var hex = set[subtle ? "subtle" : "default"]!.GetValue<string>().TrimStart('#');
        var alpha = hex.Length == 8 ? Channel(hex, 0) : 1.0;
        var rgb = hex.Length == 8 ? hex[2..] : hex;
        double Blend(int i) => Channel(rgb, i) * alpha + (1 - alpha);
        var luminance = 0.2126 * Linear(Blend(0)) + 0.7152 * Linear(Blend(2)) + 0.0722 * Linear(Blend(4));
        return 1.05 / (luminance + 0.05);
    }

    private static double Channel(string hex, int at) => int.Parse(hex.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;

    private static double Linear(double c) => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Objects(p.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };

    [GeneratedRegex(@"\$\{(?:\$root\.)?t\.([A-Za-z0-9_.]+)\}")]
    private static partial Regex WordBinding();
}
