using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>
/// The words the lab team's session rules speak in, from a chat turn or from a page: the form checks and outcomes are
/// shared by the card and the intranet page, so both name a refused field with the same sentence.
/// </summary>
public sealed class AdminWords(string lang, Strings strings)
{
    public string Lang => lang;

    public string Word(string key) => strings.Get(lang, key);

    public string Format(string key, params object?[] args) => strings.Format(lang, key, args);
}
