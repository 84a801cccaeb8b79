namespace StadtLabor.Bot.Cards;

// Temporary stand-in until the template expander lands (branch cards); same public surface.
public sealed class Strings
{
    public string For(string? locale) => locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "de";
    public string Get(string lang, string key) => lang + key;
}

// Temporary stand-in until the template expander lands (branch cards); same public surface.
public static class CardText
{
    public static string Plain(string text, int maxLength = 500) => text.Length > maxLength ? text[..maxLength] : text;
}
