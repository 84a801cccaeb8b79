using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Desk;

/// <summary>The answers the desk gives to input it cannot use (an edited payload, a stale card); nothing is changed.</summary>
public static class DeskAnswers
{
    public static VerbResult BadRequest(TurnContext turn) => Error(turn, turn.Word("lendingDesk.badRequest"));

    public static VerbResult UnknownUser(TurnContext turn) => Error(turn, turn.Word("lendingDesk.unknownUser"));

    public static VerbResult Error(TurnContext turn, string reason)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return turn.ErrorCard(reason);
    }
}
