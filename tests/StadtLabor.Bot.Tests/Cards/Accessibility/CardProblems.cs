using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;

namespace StadtLabor.Bot.Tests.Cards.Accessibility;

/// <summary>
/// Turns a card check into the problems a developer fixes without opening a browser: each serious or critical
/// axe violation with its rule, element and text, buttons a screen reader cannot tell apart, emoji in button names.
/// </summary>
internal static partial class CardProblems
{
    public static List<string> Of(CardCheck check)
    {
        var problems = new List<string>();
        foreach (var violation in check.Violations.Where(v => v.Impact is "serious" or "critical"))
            foreach (var node in violation.Nodes)
                problems.Add($"axe {violation.Id} ({violation.Impact}): {violation.Help}\n    at {node.Target}: {Excerpt(node.Html)}" +
                             string.Concat(Checks(node).Select(c => "\n    " + c.Message)));
        foreach (var same in check.ActionNames.GroupBy(Normalize, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add($"{same.Count()} buttons named \"{same.Key}\": a screen reader cannot tell them apart; say what each does and name its object (\"Details: Miro für Einsteiger\")");
        foreach (var name in check.ActionNames.Where(HasEmoji))
            problems.Add($"button \"{name}\" has an emoji or symbol in its name (screen readers read it aloud); use words");
        return problems;
    }

    /// <summary>Emoji and other pictographs (Unicode "other symbol", the emoji blocks, the emoji variation selector).</summary>
    public static bool HasEmoji(string text) => text.EnumerateRunes().Any(r =>
        Rune.GetUnicodeCategory(r) == UnicodeCategory.OtherSymbol || r.Value is 0xFE0F or 0x200D || r.Value is >= 0x1F000 and <= 0x1FAFF);

    // A violating node lists the failed checks: every "any" check (none passed), and the failed "all"/"none" checks.
    private static IEnumerable<AxeResultCheck> Checks(AxeResultNode node) =>
        (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []);

    private static string Normalize(string name) => Whitespace().Replace(name, " ").Trim();

    private static string Excerpt(string html)
    {
        var flat = Whitespace().Replace(html, " ");
        return flat.Length <= 240 ? flat : flat[..240] + " …";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
