using System.Text.Json;
using System.Text.Json.Nodes;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Connector;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Settings;

/// <summary>
/// "sprache" / "language" shows which language the bot answers in and lets the person choose Deutsch or English
/// (buttons, or typed: "sprache englisch"). The choice is kept per person and wins over the Teams client's language,
/// in this chat and in everything the bot sends later. The answer to a choice already speaks the new language.
/// A value we have no words for changes nothing and says so on the card, next to the buttons.
/// </summary>
public sealed class ChooseLanguage(LanguageChoices choices, LanguageCard card) : ITurnHandler, IVerbHandler
{
    public const string Verb = "settings.language";

    public async Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var asked = TextCommands.Normalize(turn.CommandArgument);
        turn.Reply(Activity.Card(await AnswerAsync(turn, asked.Length == 0 ? null : asked, ct)));
    }

    public async Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(data);
        // Only a button's value counts; a missing one (a link to this card) just shows it, any other kind is wrong.
        string? asked = data["language"] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => TextCommands.Normalize(v.GetValue<string>()),
            _ => "",
        };
        return new VerbResult.Card(await AnswerAsync(turn, asked, ct));
    }

    private async Task<JsonObject> AnswerAsync(TurnContext turn, string? asked, CancellationToken ct)
    {
        var current = new TurnLanguage(turn.Lang, turn.LanguageSource);
        if (asked is null) return card.Render(turn.Lang, current);
        if (Parse(asked) is not { } lang) return card.Render(turn.Lang, current, error: turn.Word("settings.language.unknown"));
        // Who chooses is the person Teams signed the activity for; without one there is nobody to remember it for.
        if (turn.UserAadObjectId is not { Length: > 0 } user || turn.Activity.TenantId is not { Length: > 0 } tenant)
            return card.Render(turn.Lang, current, error: turn.Word("settings.language.unknownUser"));

        await choices.SaveAsync(tenant, user, lang, ct);
        var chosen = new TurnLanguage(lang, LanguageSource.Chosen);
        turn.UseLanguage(chosen);
        return card.Render(lang, chosen, notice: turn.Format("settings.language.changed", turn.Word("settings.language.names." + lang)));
    }

    /// <summary>What people type or a button sends, normalised: the code, the name in either language.</summary>
    internal static string? Parse(string normalized) => normalized switch
    {
        "de" or "deutsch" or "german" => Strings.German,
        "en" or "englisch" or "english" => Strings.English,
        _ => null,
    };
}
