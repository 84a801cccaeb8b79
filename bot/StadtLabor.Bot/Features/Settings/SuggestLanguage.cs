using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Settings;

/// <summary>
/// Someone who has not chosen a language types an English command ("help", "trainings") while their Teams (or
/// Lab:Language) says German. The command words are one set for both languages, so this alone does not make them an
/// English reader: the answer stays German, and below it a small card in English offers the choice (two buttons). It
/// stops once they chose either language, so a German colleague who likes typing "help" clicks "Deutsch" once.
/// Only in the personal chat: in a channel it would be noise for everyone else.
/// </summary>
public sealed class SuggestLanguage(LanguageCard card, Strings strings) : ITurnObserver
{
    /// <summary>Command phrases that are English words (a test checks each is a registered command).</summary>
    internal static readonly IReadOnlyList<string> EnglishPhrases =
    [
        "help", "hello", "trainings", "training", "my items", "my bookings", "manage trainings", "my data", "privacy",
        "borrow", "lending", "survey", "surveys", "idea", "ideas", "outbox",
    ];

    /// <summary>Commands are a few words: only this much of a text is read (never more of a long message).</summary>
    private const int Head = 64;

    public Task ObserveAsync(TurnContext turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.Activity.Type != ActivityTypes.Message || turn.Activity.Value is JsonObject || !turn.IsPersonal) return Task.CompletedTask;
        if (turn.LanguageSource == LanguageSource.Chosen || turn.Lang == Strings.English) return Task.CompletedTask;
        if (!IsEnglishCommand(Mentions.Strip(turn.Activity))) return Task.CompletedTask;

        var notice = strings.Get(Strings.English, "settings.language.typedEnglish");
        turn.ReplyAfter(Activity.Card(card.Render(Strings.English, new TurnLanguage(turn.Lang, turn.LanguageSource), notice)));
        return Task.CompletedTask;
    }

    internal static bool IsEnglishCommand(string text)
    {
        var head = TextCommands.Normalize(text.Length > Head ? text[..Head] : text);
        return EnglishPhrases.Any(p => head == p || head.StartsWith(p + " ", StringComparison.Ordinal));
    }
}
