using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Menu;

/// <summary>
/// Areas of the menu that are not built yet answer with a friendly card instead of an error. Each area moves to
/// its own feature module when it is built, and its verb and commands leave this list ("datenschutz" and "meine daten"
/// went to Privacy, where "meine daten" is built now; trainings and "meine termine" went to
/// Trainings; "ausleihen" went to Lending).
/// </summary>
public sealed class ComingSoon : ITurnHandler, IVerbHandler
{
    /// <summary>Area key (its title is the word menu.KEY.title), its card verb, and what people type for it (German first).</summary>
    public static readonly IReadOnlyList<(string Area, string Verb, string[] Phrases)> Areas =
    [
        ("surveys", "surveys.list", ["umfrage", "umfragen", "survey", "surveys"]),
        ("ideas", "ideas.start", ["idee", "idea"]),
    ];

    public Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var area = Areas.First(a => Normalized(a.Phrases[0]) == turn.Command).Area;
        turn.ReplyCard("menu/comingSoon", Data(turn, area));
        return Task.CompletedTask;
    }

    public Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct)
    {
        var area = Areas.First(a => a.Verb == turn.Verb).Area;
        return Task.FromResult<VerbResult>(new VerbResult.Card(turn.Card("menu/comingSoon", Data(turn, area))));
    }

    // The lab's address is not data here: the card links it from the checked "contacts" (Cards/CardContacts.cs).
    private static JsonObject Data(TurnContext turn, string area) => new()
    {
        ["title"] = turn.Format("comingSoon.title", turn.Word($"menu.{area}.title")),
    };

    private static string Normalized(string phrase) => TextCommands.Normalize(phrase);
}
