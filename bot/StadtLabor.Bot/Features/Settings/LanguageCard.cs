using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Settings;

/// <summary>The card settings/language: which language the person reads and why, and the two choices.</summary>
public sealed class LanguageCard(CardRenderer cards, Strings strings)
{
    /// <summary>
    /// The card in <paramref name="cardLang"/>, saying that the person reads <paramref name="current"/>. The two differ
    /// only for the hint after a typed English command: it speaks English about an answer that was German.
    /// </summary>
    public JsonObject Render(string cardLang, TurnLanguage current, string notice = "", string error = "")
    {
        ArgumentNullException.ThrowIfNull(current);
        var name = strings.Get(cardLang, "settings.language.names." + current.Lang);
        var why = current.Source switch
        {
            LanguageSource.Chosen => "chosen",
            LanguageSource.Configured => "configured",
            _ => "client",
        };
        return cards.Render("settings/language", cardLang, new JsonObject
        {
            ["notice"] = notice,
            ["hasNotice"] = notice.Length > 0,
            ["current"] = strings.Format(cardLang, "settings.language.current." + why, name),
            ["error"] = error,
            ["hasError"] = error.Length > 0,
        });
    }
}
