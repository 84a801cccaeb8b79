using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Turns;

namespace StadtLabor.Bot.Features.Surveys.Answering;

/// <summary>"meine termine" names the surveys still waiting for the person's answer, with a button to "umfragen".</summary>
public sealed class MySurveysSection(MySurveys mine) : IMyItemsSection
{
    public async Task<MyItemsSection?> DescribeAsync(TurnContext turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.UserAadObjectId is not { Length: > 0 } user) return null;
        var open = (await mine.ForAsync(user, ct)).Where(s => s.State == MySurveyState.Open).ToList();
        if (open.Count == 0) return null;
        var lines = open.Take(ShowMySurveys.MaxShown).Select(s => turn.Format("surveysAnswer.section.line",
            AnswerCards.Title(turn, s.Title, s.WaveNumber), Cards.Wording.Day(turn.Lang, s.ClosesOn)));
        return new MyItemsSection(turn.Word("surveysAnswer.section.heading"), string.Join("\n\n", lines),
            turn.Word("surveysAnswer.section.show"), "surveys.list");
    }
}
