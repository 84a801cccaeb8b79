using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Lending.Admin;

/// <summary>The answers every lab-team lending handler gives to input it cannot use; nothing is changed.</summary>
internal static class AdminAnswers
{
    public static VerbResult UnknownUser(TurnContext turn) =>
        turn.ErrorCard(turn.Word("lendingAdmin.unknownUser"));

    public static VerbResult BadRequest(TurnContext turn) =>
        turn.ErrorCard(turn.Word("lendingAdmin.badRequest"));
}
