using System.Text.Json.Nodes;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Menu;

/// <summary>
/// The main menu: for "hilfe", for the menu button on any card, and for anything we did not understand, because
/// a bot that stays silent or says only "I don't understand" leaves a clerk stuck.
/// </summary>
public sealed class ShowMenu : ITurnHandler, IVerbHandler
{
    public Task HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var notUnderstood = turn.Command.Length == 0 && turn.Text.Length > 0;
        turn.ReplyCard("menu/main", Data(turn, notUnderstood));
        return Task.CompletedTask;
    }

    public Task<VerbResult> HandleAsync(TurnContext turn, JsonObject data, CancellationToken ct) =>
        Task.FromResult<VerbResult>(new VerbResult.Card(turn.Card("menu/main", Data(turn, notUnderstood: false))));

    private static JsonObject Data(TurnContext turn, bool notUnderstood) => new()
    {
        ["notUnderstood"] = notUnderstood,
        ["isPersonal"] = turn.IsPersonal,
    };
}
