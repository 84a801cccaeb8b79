using System.Text.Json.Nodes;
using CardReader = StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Playground;

/// <summary>
/// What the end-to-end tests expect to see on each card: its Action.Execute verbs and a few words, named by their
/// keys in bot/StadtLabor.Bot/Resources/strings.*.json, so a word can change without touching this file.
///
/// A card passes when the words of one language all appear: the Playground 0.2.28 hard-codes locale "en-US" on
/// messages and invokes (so the menu answers in English there), while its conversationUpdate carries no locale (so
/// the welcome may come in German, depending on which of the two install activities the bot handles first).
/// </summary>
public static class ExpectedCards
{
    public static readonly ExpectedCard Welcome = new(
        "installations/welcome",
        Verbs: ["menu.show", "trainings.list", "privacy.notice"],
        WordKeys: ["brand", "welcome.openMenu", "welcome.canMore", "menu.privacy.action"]);

    public static readonly ExpectedCard MainMenu = new(
        "menu/main",
        Verbs: ["trainings.list", "lending.catalogue", "ideas.start", "surveys.list", "myitems.show", "privacy.notice"],
        WordKeys: ["menu.trainings.action", "menu.surveys.action", "menu.lending.action", "menu.privacy.action", "menu.language"]);

    /// <summary>The main menu as the answer to text the bot did not understand: it says so first.</summary>
    public static readonly ExpectedCard MainMenuNotUnderstood = MainMenu with
    {
        WordKeys = ["menu.notUnderstood", "menu.trainings.title"],
    };

    /// <summary>"ausleihen" or the menu button: the lending catalogue (empty or not, it leads to "Was ist frei?").</summary>
    public static readonly ExpectedCard LendingCatalogue = new(
        "lending/catalogue",
        Verbs: ["lending.findFree", "menu.show"],
        WordKeys: ["lendingCatalogue.title", "lendingCatalogue.intro"]);

    public static readonly ExpectedCard TrainingsList = new(
        "trainings/list",
        Verbs: ["trainings.detail", "myitems.show", "menu.show"],
        WordKeys: ["trainings.title", "trainings.intro"]);

    public static readonly ExpectedCard TrainingDetail = new(
        "trainings/detail",
        Verbs: ["trainings.signUp", "trainings.list", "menu.show"],
        WordKeys: ["trainings.signUp"]);

    /// <summary>The detail card refreshed in place after "Anmelden": signed up, with the cancel button.</summary>
    public static readonly ExpectedCard TrainingSignedUp = new(
        "trainings/detail",
        Verbs: ["trainings.cancel", "trainings.list", "menu.show"],
        WordKeys: ["trainings.done.booked", "trainings.cancel"]);

    /// <summary>"sprache": which language the bot answers in, and the two choices.</summary>
    public static readonly ExpectedCard Language = new(
        "settings/language",
        Verbs: ["settings.language", "menu.show"],
        WordKeys: ["settings.language.how", "settings.language.german", "settings.language.english"]);

    /// <summary>The message that stays in the chat after signing up: what, when, where, with details and the calendar file.</summary>
    public static readonly ExpectedCard TrainingBookedMessage = new(
        "trainings/receipt",
        Verbs: ["trainings.detail", "menu.show"],
        WordKeys: ["trainings.receipt.booked", "trainings.calendar"]);

    /// <summary>"Platz freigeben" asks first: the session named, what happens (nobody waits here), keep or give up.</summary>
    public static readonly ExpectedCard TrainingCancelQuestion = new(
        "trainings/confirmSeatCancel",
        Verbs: ["trainings.cancel", "trainings.detail", "menu.show"],
        WordKeys: ["trainings.release.freed", "trainings.release.rebookFree", "trainings.release.yesSeat", "trainings.release.noSeat"]);

    /// <summary>After "Ja, Platz freigeben": no longer signed up, the sign-up button is back, and the file that removes the calendar entry.</summary>
    public static readonly ExpectedCard TrainingCancelled = new(
        "trainings/detail",
        Verbs: ["trainings.signUp", "trainings.list", "menu.show"],
        WordKeys: ["trainings.done.cancelled", "trainings.signUp", "trainings.calendarRemove"]);

    /// <summary>The message that stays in the chat after giving the place back, with the cancellation file.</summary>
    public static readonly ExpectedCard TrainingCancelledMessage = new(
        "trainings/receipt",
        Verbs: ["trainings.detail", "menu.show"],
        WordKeys: ["trainings.receipt.cancelled", "trainings.calendarRemove"]);
}

public sealed record ExpectedCard(string Name, string[] Verbs, string[] WordKeys)
{
    private static readonly Dictionary<string, Func<string, string>> Languages = new()
    {
        ["de"] = key => Word.De(key),
        ["en"] = key => Word.En(key),
    };

    /// <summary>
    /// Checks that the card has the expected Action.Execute verbs and the words of one language (of
    /// <paramref name="lang"/> when given: after the person chose one, the Playground's en-US no longer decides).
    /// </summary>
    public void AssertContent(JsonObject card, string where, string? lang = null)
    {
        Assert.Equal("AdaptiveCard", card["type"]?.ToString());
        var verbs = CardReader.Verbs(card);
        var missing = Verbs.Where(v => !verbs.Contains(v)).ToList();
        Assert.True(missing.Count == 0, $"{where}: the {Name} card lacks Action.Execute verbs [{string.Join(", ", missing)}]; it has [{string.Join(", ", verbs)}]. Card: {card.ToJsonString()}");

        var text = CardReader.Words(card).Replace("\n", " | ", StringComparison.Ordinal);
        var candidates = Languages.Where(l => lang is null || l.Key == lang).ToList();
        var matching = candidates.Where(l => WordKeys.All(key => text.Contains(l.Value(key), StringComparison.OrdinalIgnoreCase))).Select(l => l.Key).ToList();
        Assert.True(matching.Count > 0,
            $"{where}: the {Name} card shows the words [{string.Join(", ", WordKeys)}] in no language " +
            $"({string.Join("; ", candidates.Select(l => l.Key + ": " + string.Join(", ", WordKeys.Select(l.Value))))}). Its text: \"{text}\".");
    }
}
