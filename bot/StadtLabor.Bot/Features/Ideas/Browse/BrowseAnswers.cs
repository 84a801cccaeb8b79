using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Ideas.Browse;

/// <summary>The answers to input the ideas' staff verbs cannot use; nothing is changed when one of them is given.</summary>
public static class BrowseAnswers
{
    public static VerbResult UnknownIdea(TurnContext turn) => turn.ErrorCard(turn.Word("ideasBrowse.error.unknownIdea"));

    public static VerbResult BadRequest(TurnContext turn) => turn.ErrorCard(turn.Word("ideasBrowse.error.badRequest"));

    public static VerbResult UnknownUser(TurnContext turn) => turn.ErrorCard(turn.Word("ideasBrowse.error.unknownUser"));
}
