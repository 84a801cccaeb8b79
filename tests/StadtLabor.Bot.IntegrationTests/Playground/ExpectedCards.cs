using System.Text.Json.Nodes;
using CardReader = StadtLabor.Bot.IntegrationTests.Infrastructure.Cards;

namespace StadtLabor.Bot.IntegrationTests.Playground;

/// <summary>
/// What the end-to-end tests expect to see on each card: its Action.Execute verbs and a few words. The ONE place to
/// adjust when a card's wording changes (words come from bot/StadtLabor.Bot/Resources/strings.*.json).
///
/// Words are listed per language and a card passes when all words of one language appear: the Playground 0.2.28
/// hard-codes locale "en-US" on messages and invokes (so the menu answers in English there), while its
/// conversationUpdate carries no locale (so the welcome may come in German, depending on which of the two install
/// activities the bot handles first).
/// </summary>
public static class ExpectedCards
{
    public static readonly ExpectedCard Welcome = new(
        "installations/welcome",
        Verbs: ["menu.show"],
        Words: new Dictionary<string, string[]>
        {
            ["de"] = ["stadtLABOR", "Menü öffnen"],
            ["en"] = ["stadtLABOR", "Open menu"],
        });

    public static readonly ExpectedCard MainMenu = new(
        "menu/main",
        Verbs: ["trainings.list", "lending.catalogue", "surveys.list", "ideas.start", "myitems.show", "privacy.notice"],
        Words: new Dictionary<string, string[]>
        {
            ["de"] = ["Schulungen", "Ausleihe", "Umfragen", "Datenschutz"],
            ["en"] = ["Trainings", "Lending", "Surveys", "Privacy"],
        });

    /// <summary>The main menu as the answer to text the bot did not understand: it says so first.</summary>
    public static readonly ExpectedCard MainMenuNotUnderstood = MainMenu with
    {
        Words = new Dictionary<string, string[]>
        {
            ["de"] = ["nicht verstanden", "Schulungen"],
            ["en"] = ["understand", "Trainings"],
        },
    };

    public static readonly ExpectedCard ComingSoon = new(
        "menu/comingSoon",
        Verbs: ["menu.show"],
        Words: new Dictionary<string, string[]>
        {
            ["de"] = ["kommt bald"],
            ["en"] = ["coming soon"],
        });

    public static readonly ExpectedCard TrainingsList = new(
        "trainings/list",
        Verbs: ["trainings.detail", "menu.show"],
        Words: new Dictionary<string, string[]>
        {
            ["de"] = ["Schulungen", "Details"],
            ["en"] = ["Trainings", "Details"],
        });

    public static readonly ExpectedCard TrainingDetail = new(
        "trainings/detail",
        Verbs: ["trainings.signUp", "trainings.list", "menu.show"],
        Words: new Dictionary<string, string[]>
        {
            ["de"] = ["Anmelden"],
            ["en"] = ["Sign up"],
        });

    /// <summary>The detail card refreshed in place after "Anmelden": signed up, with the cancel button.</summary>
    public static readonly ExpectedCard TrainingSignedUp = new(
        "trainings/detail",
        Verbs: ["trainings.cancel", "trainings.list", "menu.show"],
        Words: new Dictionary<string, string[]>
        {
            ["de"] = ["Du bist angemeldet", "Abmelden"],
            ["en"] = ["You are signed up", "Cancel my place"],
        });

    /// <summary>After "Abmelden": no longer signed up, and the sign-up button is back.</summary>
    public static readonly ExpectedCard TrainingCancelled = new(
        "trainings/detail",
        Verbs: ["trainings.signUp", "trainings.list", "menu.show"],
        Words: new Dictionary<string, string[]>
        {
            ["de"] = ["abgemeldet", "Anmelden"],
            ["en"] = ["cancelled", "Sign up"],
        });
}

public sealed record ExpectedCard(string Name, string[] Verbs, IReadOnlyDictionary<string, string[]> Words)
{
    /// <summary>Checks that the card has the expected Action.Execute verbs and the words of one language.</summary>
    public void AssertContent(JsonObject card, string where)
    {
        Assert.Equal("AdaptiveCard", card["type"]?.ToString());
        var verbs = CardReader.Verbs(card);
        var missing = Verbs.Where(v => !verbs.Contains(v)).ToList();
        Assert.True(missing.Count == 0, $"{where}: the {Name} card lacks Action.Execute verbs [{string.Join(", ", missing)}]; it has [{string.Join(", ", verbs)}]. Card: {card.ToJsonString()}");

        var text = CardReader.Words(card).Replace("\n", " | ", StringComparison.Ordinal);
        var matching = Words.Where(lang => lang.Value.All(w => text.Contains(w, StringComparison.OrdinalIgnoreCase))).Select(l => l.Key).ToList();
        Assert.True(matching.Count > 0,
            $"{where}: the {Name} card shows none of the expected word sets ({string.Join("; ", Words.Select(l => l.Key + ": " + string.Join(", ", l.Value)))}). " +
            $"Its text: \"{text}\". Adjust ExpectedCards.cs if the wording changed on purpose.");
    }
}
