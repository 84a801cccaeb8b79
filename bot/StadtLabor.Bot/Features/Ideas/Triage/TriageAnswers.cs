using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Triage;

/// <summary>The answers every Lotsen handler gives to input it cannot use (an unknown idea, a tampered payload); nothing is changed.</summary>
internal static class TriageAnswers
{
    public static VerbResult UnknownUser(TurnContext turn) =>
        turn.ErrorCard(turn.Word("ideasTriage.unknownUser"));

    public static VerbResult BadRequest(TurnContext turn) =>
        turn.ErrorCard(turn.Word("ideasTriage.badRequest"));
}
